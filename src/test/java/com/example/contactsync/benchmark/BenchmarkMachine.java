package com.example.contactsync.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What {@link SyncBenchmark}'s figures ran on: the packaged jar and the commit it was
 * built from, the machine (CPUs, memory, load), the JVM; and its settings from system
 * properties.
 */
final class BenchmarkMachine {

	private BenchmarkMachine() {
	}

	static Path jar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((path) -> path.getFileName().toString().matches("contact-sync-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"No target/contact-sync-*.jar: the benchmark runs the packaged job; build it first with "
								+ "./mvnw -q -DskipTests package"));
		}
		catch (java.nio.file.NoSuchFileException ex) {
			throw new IllegalStateException(
					"No target directory: build the jar first with ./mvnw -q -DskipTests package");
		}
	}

	static boolean declares(Path jar, String setting) throws IOException {
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			for (ZipEntry entry : zip.stream().toList()) {
				if (entry.getName().endsWith("spring-configuration-metadata.json")
						&& !entry.getName().startsWith("BOOT-INF/lib/")) {
					try (InputStream in = zip.getInputStream(entry)) {
						if (new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"" + setting + "\"")) {
							return true;
						}
					}
				}
			}
		}
		return false;
	}

	/**
	 * Whether {@code target/classes} is newer than the jar: the figures are of an older
	 * build.
	 */
	static boolean staleJar(Path jar) throws IOException {
		Instant built = Files.getLastModifiedTime(jar).toInstant();
		Path classes = Path.of("target", "classes");
		if (!Files.isDirectory(classes)) {
			return false;
		}
		try (Stream<Path> files = Files.walk(classes, 20)) {
			return files.filter(Files::isRegularFile).anyMatch((file) -> {
				try {
					return Files.getLastModifiedTime(file).toInstant().isAfter(built.plusSeconds(5));
				}
				catch (IOException ex) {
					return false;
				}
			});
		}
	}

	static String commit() {
		String head = command("git", "rev-parse", "--short", "HEAD");
		if (head.isEmpty()) {
			return "an unknown commit";
		}
		String dirty = command("git", "status", "--porcelain", "--untracked-files=no", "--", "src/main", "pom.xml",
				"sql");
		return "commit " + head + (dirty.isEmpty() ? "" : " + uncommitted changes to the job");
	}

	static String command(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			byte[] out = process.getInputStream().readNBytes(64 * 1024);
			if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				return "";
			}
			return new String(out, StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			return "";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	static String procValue(String file, String key) {
		try {
			for (String line : Files.readAllLines(Path.of(file))) {
				if (line.startsWith(key)) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		catch (IOException ex) {
			// not Linux
		}
		return "?";
	}

	/**
	 * Other work on the machine shares its cores with the cases: the figures say how
	 * much.
	 */
	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + ", " + fields[1] + ", " + fields[2];
		}
		catch (IOException ex) {
			return "?";
		}
	}

	static String memory() {
		String total = procValue("/proc/meminfo", "MemTotal");
		Matcher kb = Pattern.compile("(\\d+) kB").matcher(total);
		return kb.find() ? String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb.group(1)) / 1024.0 / 1024.0) : "?";
	}

	static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	static String tail(MeasuredProcess.Result result) {
		String output = result.output();
		return output.substring(Math.max(0, output.length() - 3000));
	}

	static List<Integer> ints(String property, String fallback) {
		return Arrays.stream(System.getProperty(property, fallback).split(","))
			.map(String::trim)
			.filter((value) -> !value.isEmpty())
			.map(Integer::valueOf)
			.toList();
	}

	static List<String> words(String value) {
		return Arrays.stream(value.trim().split("\\s+")).filter((word) -> !word.isEmpty()).toList();
	}

}
