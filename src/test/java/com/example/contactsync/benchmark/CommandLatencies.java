package com.example.contactsync.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands a person waits for at a terminal ({@code status}, {@code failures},
 * {@code show}, {@code requeue}), as {@code jobs/} launches them (the JVM options and the
 * AppCDS archive): each so many times, the median and the slowest whole process. Issue
 * 18's target is 2 s on a quiet 2-core machine.
 */
final class CommandLatencies {

	static final List<List<String>> COMMANDS = List.of(List.of("status"), List.of("failures"),
			List.of("show", "--change=1"), List.of("requeue", "--change=1"));

	private CommandLatencies() {
	}

	/**
	 * The block of the benchmark's table.
	 * @param launcher {@code java} and its options up to the jar
	 * @param settings the settings every command gets
	 */
	static List<String> measure(List<String> launcher, List<String> settings, int rounds, Path out)
			throws IOException, InterruptedException {
		List<String> lines = new ArrayList<>();
		lines.add(String.format("Commands as launched (@jobs/jvm.options, the AppCDS archive), %d rounds each, "
				+ "on the database the job cases left; target: 2 s", rounds));
		lines.add(String.format("%-28s %9s %9s %8s", "command", "median s", "max s", "RSS MB"));
		for (List<String> command : COMMANDS) {
			List<MeasuredProcess.Result> results = new ArrayList<>();
			for (int round = 0; round < rounds; round++) {
				List<String> line = new ArrayList<>(launcher);
				line.addAll(command);
				line.addAll(settings);
				MeasuredProcess.Result result = MeasuredProcess.run(line,
						out.resolve("command-" + command.get(0) + ".log"), Duration.ofMinutes(2));
				if (result.exitCode() != 0) {
					throw new IllegalStateException(command + " exited with " + result.exitCode());
				}
				results.add(result);
			}
			List<Double> seconds = results.stream().map(MeasuredProcess.Result::seconds).sorted().toList();
			lines.add(String.format("%-28s %9.2f %9.2f %8.0f", String.join(" ", command), CaseRow.medianOf(seconds),
					seconds.get(seconds.size() - 1),
					results.stream().mapToDouble(MeasuredProcess.Result::peakRssMb).max().orElse(0)));
		}
		return lines;
	}

}
