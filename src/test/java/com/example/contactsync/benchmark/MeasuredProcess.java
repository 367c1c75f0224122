package com.example.contactsync.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM, timed from its start to its exit, with its peak memory.
 * <ul>
 * <li><b>Peak RSS</b>: the kernel's own high-water mark of the process's resident set,
 * {@code VmHWM} in {@code /proc/<pid>/status}, read every 50 ms while the process runs
 * (it only grows, so the last read is the peak up to 50 ms before the exit; the JVM's
 * shutdown does not grow it).</li>
 * <li><b>Heap</b>: from the JVM's own GC log ({@code -Xlog:gc,gc+heap+exit}), which costs
 * nothing to write and sees every collection: each {@code Pause} line gives the heap in
 * use before and after it; the exit block gives the heap in use at the end. The peak of
 * heap in use is the largest "before" (or the use at exit, if larger): it is where the
 * heap stood when the collector had to act, so it reflects the collector's sizing as much
 * as the program. The largest "after" is the most the program kept live across a
 * collection: the figure that grows if memory grows with the backlog. Polling
 * {@code jcmd GC.heap_info} instead would start a JVM per sample on the same cores.</li>
 * </ul>
 */
final class MeasuredProcess {

	private static final Pattern PAUSE = Pattern.compile("Pause.*?(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

	private static final Pattern EXIT_USED = Pattern.compile("total (\\d+)K, used (\\d+)K");

	private static final Pattern VM_HWM = Pattern.compile("VmHWM:\\s+(\\d+) kB");

	private MeasuredProcess() {
	}

	/**
	 * Runs {@code command} (a {@code java} command line; the GC log option is added after
	 * the executable), its output to {@code log}.
	 * @throws IllegalStateException when it does not end within {@code timeout} (it is
	 * then killed)
	 */
	static Result run(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
		Path gcLog = log.resolveSibling(log.getFileName() + ".gc");
		Files.deleteIfExists(gcLog);
		List<String> line = new ArrayList<>(command);
		line.add(1, "-Xlog:gc,gc+heap+exit:file=" + gcLog);
		ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile());
		long start = System.nanoTime();
		Process process = builder.start();
		Path status = Path.of("/proc", Long.toString(process.pid()), "status");
		long deadline = start + timeout.toNanos();
		long hwmKb = 0;
		while (!process.waitFor(50, TimeUnit.MILLISECONDS)) {
			hwmKb = Math.max(hwmKb, highWaterMarkKb(status));
			if (System.nanoTime() > deadline) {
				process.destroyForcibly();
				process.waitFor(30, TimeUnit.SECONDS);
				throw new IllegalStateException("Still running after " + timeout + ", killed: " + line);
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		Heap heap = heap(gcLog);
		return new Result(process.exitValue(), seconds, hwmKb / 1024.0, heap.peakMb(), heap.maxAfterGcMb(),
				heap.collector(), Files.readString(log));
	}

	private static long highWaterMarkKb(Path status) {
		try {
			Matcher matcher = VM_HWM.matcher(Files.readString(status));
			return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
		}
		catch (IOException ex) {
			return 0; // the process has just ended
		}
	}

	static Heap heap(Path gcLog) throws IOException {
		if (!Files.exists(gcLog)) {
			return new Heap(-1, -1, "?");
		}
		double peak = 0;
		double maxAfter = 0;
		double usedAtExit = 0;
		String collector = "?";
		for (String line : Files.readAllLines(gcLog)) {
			if (line.contains("Using ")) {
				collector = line.substring(line.indexOf("Using ") + "Using ".length()).trim();
			}
			if (line.contains("[gc,heap,exit")) {
				Matcher matcher = EXIT_USED.matcher(line);
				if (matcher.find() && !line.contains("Metaspace") && !line.contains("class space")) {
					usedAtExit += Long.parseLong(matcher.group(2)) / 1024.0;
				}
				continue;
			}
			Matcher matcher = PAUSE.matcher(line);
			if (matcher.find()) {
				peak = Math.max(peak, mb(matcher.group(1), matcher.group(2)));
				maxAfter = Math.max(maxAfter, mb(matcher.group(3), matcher.group(4)));
			}
		}
		return new Heap(Math.max(peak, usedAtExit), maxAfter, collector);
	}

	private static double mb(String value, String unit) {
		double number = Double.parseDouble(value);
		return switch (unit) {
			case "K" -> number / 1024;
			case "G" -> number * 1024;
			default -> number;
		};
	}

	/**
	 * @param peakMb the most heap in use: before a collection, or at exit
	 * @param maxAfterGcMb the most heap still in use after a collection
	 * @param collector the collector the JVM chose
	 */
	record Heap(double peakMb, double maxAfterGcMb, String collector) {
	}

	/**
	 * @param exitCode the process's exit code
	 * @param seconds from its start to its exit
	 * @param peakRssMb {@code VmHWM}
	 * @param peakHeapMb see {@link Heap#peakMb()}
	 * @param maxAfterGcMb see {@link Heap#maxAfterGcMb()}
	 * @param collector the collector the JVM chose
	 * @param output what it printed
	 */
	record Result(int exitCode, double seconds, double peakRssMb, double peakHeapMb, double maxAfterGcMb,
			String collector, String output) {
	}

}
