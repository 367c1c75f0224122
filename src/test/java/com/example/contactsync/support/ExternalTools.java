package com.example.contactsync.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Prometheus tools the monitoring tests run: {@code promtool} (Debian's package
 * {@code prometheus}) and {@code prometheus-pushgateway}. Found on the {@code PATH} or in
 * {@code /usr/bin}; when one is missing the test fails and says how to install it (no
 * skip: {@code .ci/run} installs them).
 */
public final class ExternalTools {

	private ExternalTools() {
	}

	/** {@code promtool}, for {@code check rules} and {@code test rules}. */
	public static Path promtool() {
		return find("promtool", "prometheus");
	}

	/** The Pushgateway's server. */
	public static Path pushgateway() {
		return find("prometheus-pushgateway", "prometheus-pushgateway");
	}

	/**
	 * Runs a tool in {@code directory} and waits for it.
	 * @return its exit code and its output (standard output and error together)
	 */
	public static Result run(Path directory, Duration timeout, String... command)
			throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeout);
		}
		return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
	}

	static Path find(String name, String debianPackage) {
		List<String> directories = new ArrayList<>();
		String path = System.getenv("PATH");
		if (path != null) {
			directories.addAll(List.of(path.split(File.pathSeparator)));
		}
		directories.add("/usr/bin");
		for (String directory : directories) {
			Path candidate = Path.of(directory, name);
			if (!directory.isEmpty() && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException(name + " is not installed (looked on the PATH and in /usr/bin), and this test "
				+ "runs the real tool. Install it: apt-get update && apt-get install -y " + debianPackage
				+ " (Debian's package; .ci/run does this when it is missing).");
	}

	/** What a tool did. */
	public record Result(int exitCode, String output) {

	}

}
