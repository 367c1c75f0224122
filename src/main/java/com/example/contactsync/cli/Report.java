package com.example.contactsync.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import com.example.contactsync.operations.RunResult;
import com.example.contactsync.operations.RunSummary;

/**
 * Prints command results as aligned text tables.
 */
class Report {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private static final String[] RUN_HEADERS = { "RUN", "DATE", "STATUS", "START", "END", "DURATION", "CALLS",
			"SUCCEEDED", "FAILED", "REJECTED", "UNKNOWN" };

	private final PrintWriter out;

	Report(PrintWriter out) {
		this.out = out;
	}

	void print(RunResult result) {
		this.out.println(result.message());
		if (result.run() != null) {
			printRuns(List.of(result.run()));
		}
		this.out.flush();
	}

	void printRuns(List<RunSummary> runs) {
		if (runs.isEmpty()) {
			this.out.println("No runs yet.");
			this.out.flush();
			return;
		}
		List<String[]> rows = new ArrayList<>();
		rows.add(RUN_HEADERS);
		for (RunSummary run : runs) {
			rows.add(new String[] { String.valueOf(run.executionId()), run.runDate(), run.status(),
					time(run.startTime()), time(run.endTime()), duration(run.duration()), String.valueOf(run.calls()),
					String.valueOf(run.succeeded()), String.valueOf(run.failed()), String.valueOf(run.rejected()),
					String.valueOf(run.unknown()) });
		}
		printTable(rows);
	}

	private void printTable(List<String[]> rows) {
		int[] widths = new int[rows.get(0).length];
		for (String[] row : rows) {
			for (int i = 0; i < row.length; i++) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		for (String[] row : rows) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < row.length; i++) {
				line.append(String.format("%-" + widths[i] + "s", row[i]));
				if (i < row.length - 1) {
					line.append("  ");
				}
			}
			this.out.println(line.toString().stripTrailing());
		}
		this.out.flush();
	}

	private static String time(LocalDateTime time) {
		return (time != null) ? TIME.format(time) : "-";
	}

	private static String duration(Duration duration) {
		if (duration == null) {
			return "-";
		}
		long seconds = duration.toSeconds();
		return (seconds < 60) ? String.format("%.1fs", duration.toMillis() / 1000.0)
				: String.format("%dm%02ds", seconds / 60, seconds % 60);
	}

}
