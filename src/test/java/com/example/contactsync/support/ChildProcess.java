package com.example.contactsync.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.example.contactsync.ContactSyncApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * contact-sync in a JVM of its own, as a scheduler starts it ({@code main}: its shutdown
 * hook, its exit codes), its output in a file under {@code target/process-tests}.
 */
public final class ChildProcess {

	private final Process process;

	private final File log;

	private ChildProcess(Process process, File log) {
		this.process = process;
		this.log = log;
	}

	/** Starts {@code contact-sync <arguments>}. */
	public static ChildProcess start(List<String> arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-cp",
				System.getProperty("java.class.path"), ContactSyncApplication.class.getName()));
		command.addAll(arguments);
		File log = new File("target/process-tests/child-" + System.nanoTime() + ".log");
		Files.createDirectories(log.getParentFile().toPath());
		return new ChildProcess(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start(), log);
	}

	public Process process() {
		return this.process;
	}

	/** What it has written so far. */
	public String output() {
		try {
			return Files.readString(this.log.toPath());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits until its output contains {@code text}. */
	public void awaitOutput(String text, long seconds) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (!output().contains(text)) {
			assertThat(System.nanoTime()).as("'%s' within %d s; output so far:%n%s", text, seconds, output())
				.isLessThan(deadline);
			assertThat(this.process.isAlive()).as("still running, waiting for '%s'; output:%n%s", text, output())
				.isTrue();
			Thread.sleep(50);
		}
	}

	/** Waits for it to end and returns its exit code. */
	public int awaitExit(long seconds) throws InterruptedException {
		assertThat(this.process.waitFor(seconds, TimeUnit.SECONDS))
			.as("ended within %d s; output:%n%s", seconds, output())
			.isTrue();
		return this.process.exitValue();
	}

	/** SIGKILL, if still alive. */
	public void kill() {
		this.process.destroyForcibly();
	}

}
