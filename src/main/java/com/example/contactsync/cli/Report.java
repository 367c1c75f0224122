package com.example.contactsync.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import com.example.contactsync.logging.PersonalDataMasking;
import com.example.contactsync.operations.CaptureHistory;
import com.example.contactsync.operations.RunSummary;

/**
 * Prints command results: aligned text tables on a terminal, or JSON with {@code --json}.
 * Every line it prints has personal data masked and secrets removed: a message that
 * echoes a request (an API error, a database error quoting a row) must not put a phone
 * number on the console.
 */
class Report {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final PrintWriter out;

	private final boolean json;

	Report(PrintWriter out, boolean json) {
		this.out = out;
		this.json = json;
	}

	boolean isJson() {
		return this.json;
	}

	/** Prints a value as JSON. */
	void json(Object value) {
		this.out.println(PersonalDataMasking.maskForOutput(JSON.writeValueAsString(value)));
		this.out.flush();
	}

	void line(String text) {
		if (!this.json) {
			this.out.println(PersonalDataMasking.maskForOutput(text));
			this.out.flush();
		}
	}

	/**
	 * The result of {@code run} or {@code restart}: its message, the alert if any, and
	 * the run.
	 */
	void runResult(com.example.contactsync.operations.RunResult result, int exitCode, double alertFailureRatio) {
		if (this.json) {
			json(new RunOutput(result, exitCode));
			return;
		}
		line(result.message());
		if (exitCode == ExitCodes.TOO_MANY_FAILURES) {
			line(String.format("More than %.0f%% of the items did not succeed (contact-sync.alert-failure-ratio).",
					alertFailureRatio * 100));
		}
		if (result.run() != null) {
			runs(List.of(result.run()));
		}
	}

	/** The JSON form of a run result. */
	record RunOutput(com.example.contactsync.operations.RunResult result, int exitCode) {
	}

	/**
	 * The runs as a table; a rerun's date with its number ({@code 2026-12-07 #2}), and
	 * why a run failed or stopped, shortened.
	 */
	void runs(List<RunSummary> runs) {
		table(runs, "No runs yet.",
				List.of(column("RUN", RunSummary::executionId), column("DATE", RunSummary::label),
						column("STATUS", RunSummary::status), column("START", (r) -> time(r.startTime())),
						column("END", (r) -> time(r.endTime())), column("DURATION", (r) -> duration(r.duration())),
						column("CALLS", RunSummary::calls), column("429S", RunSummary::rateLimited),
						column("SUCCEEDED", RunSummary::succeeded), column("FAILED", RunSummary::failed),
						column("REJECTED", RunSummary::rejected), column("UNKNOWN", RunSummary::unknown),
						column("MESSAGE", (r) -> shortened(r.exitMessage()))));
	}

	void captures(List<CaptureHistory.CaptureRecord> captures) {
		table(captures, "No captures yet.",
				List.of(column("CAPTURE", CaptureHistory.CaptureRecord::captureId),
						column("RUN", CaptureHistory.CaptureRecord::run),
						column("KIND", CaptureHistory.CaptureRecord::kind),
						column("AT", (c) -> time(
								c.capturedAt().atZoneSameInstant(java.time.ZoneId.systemDefault()).toLocalDateTime())),
						column("ROWS", CaptureHistory.CaptureRecord::sourceRows),
						column("NEW", CaptureHistory.CaptureRecord::newRows),
						column("CHANGED", CaptureHistory.CaptureRecord::changedRows),
						column("UNCHANGED", CaptureHistory.CaptureRecord::unchangedRows),
						column("BACK", CaptureHistory.CaptureRecord::returnedRows),
						column("GONE", CaptureHistory.CaptureRecord::goneRows),
						column("CHANGES", CaptureHistory.CaptureRecord::changes),
						column("FIELDS", CaptureHistory.CaptureRecord::fieldCounts)));
	}

	/** The longest message a table shows; the whole one is in {@code --json}. */
	static final int MESSAGE_WIDTH = 80;

	/**
	 * A message's first line, masked, at most {@link #MESSAGE_WIDTH} characters (cut with
	 * {@code ...}), or {@code null} when there is none.
	 */
	static String shortened(String message) {
		if (message == null || message.isBlank()) {
			return null;
		}
		String line = message.strip();
		int end = line.indexOf('\n');
		// masked before it is cut: half a phone number may no longer look like one
		line = PersonalDataMasking.maskForOutput(((end >= 0) ? line.substring(0, end) : line).strip());
		return (line.length() <= MESSAGE_WIDTH) ? line : line.substring(0, MESSAGE_WIDTH - 3) + "...";
	}

	/** A column: its header and how to get its text from a row. */
	record Column<T>(String header, Function<T, Object> value) {
	}

	static <T> Column<T> column(String header, Function<T, Object> value) {
		return new Column<>(header, value);
	}

	/** Prints rows as an aligned table, or {@code none} when there are none. */
	<T> void table(List<T> rows, String none, List<Column<T>> columns) {
		if (rows.isEmpty()) {
			this.out.println(none);
			this.out.flush();
			return;
		}
		List<String[]> lines = new ArrayList<>();
		lines.add(columns.stream().map(Column::header).toArray(String[]::new));
		for (T row : rows) {
			lines.add(columns.stream().map((column) -> text(column.value().apply(row))).toArray(String[]::new));
		}
		int[] widths = new int[columns.size()];
		for (String[] line : lines) {
			for (int i = 0; i < line.length; i++) {
				widths[i] = Math.max(widths[i], line[i].length());
			}
		}
		for (String[] line : lines) {
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < line.length; i++) {
				text.append(String.format("%-" + widths[i] + "s", line[i]));
				if (i < line.length - 1) {
					text.append("  ");
				}
			}
			this.out.println(text.toString().stripTrailing());
		}
		this.out.flush();
	}

	private static String text(Object value) {
		if (value == null) {
			return "-";
		}
		if (value instanceof OffsetDateTime time) {
			return TIME.format(time);
		}
		return PersonalDataMasking.maskForOutput(String.valueOf(value).replace('\n', ' '));
	}

	static String time(LocalDateTime time) {
		return (time != null) ? TIME.format(time) : "-";
	}

	static String duration(Duration duration) {
		if (duration == null) {
			return "-";
		}
		long seconds = duration.toSeconds();
		return (seconds < 60) ? String.format("%.1fs", duration.toMillis() / 1000.0)
				: String.format("%dm%02ds", seconds / 60, seconds % 60);
	}

}
