package com.example.contactsync.console;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.contactsync.logging.PersonalDataMasking;
import com.example.contactsync.operations.CaptureHistory;
import com.example.contactsync.operations.OperationsQueries;
import com.example.contactsync.operations.RunHistory;
import com.example.contactsync.operations.RunSummary;

/**
 * What the runs list and a run's page show, read through the commands' queries
 * ({@link RunHistory}, {@link OperationsQueries}) and the console's own
 * ({@link ConsoleQueries}); every text that may hold personal data masked as in the logs.
 */
class RunPages {

	static final int PAGE_SIZE = 50;

	private static final Pattern PARTITION = Pattern.compile("(?:^|:)partition(\\d+)of(\\d+)$");

	private final RunHistory history;

	private final OperationsQueries operations;

	private final ConsoleQueries queries;

	private final Extras extras;

	private final String worker;

	/**
	 * @param worker who executes a partition under way that no worker claimed: this
	 * process, or a remote worker
	 */
	RunPages(RunHistory history, OperationsQueries operations, ConsoleQueries queries, Extras extras, String worker) {
		this.history = history;
		this.operations = operations;
		this.queries = queries;
		this.extras = extras;
		this.worker = worker;
	}

	/**
	 * What a run's row adds to its summary: what its capture found.
	 */
	record Extras(CaptureHistory captures) {
	}

	/**
	 * A row of the runs list: its calls answered HTTP 429 ({@code rateLimited}), and in
	 * source mode what its capture step found ({@code captured}, else {@code null}).
	 */
	record RunRow(long id, String label, String status, String exitCode, LocalDateTime start, String duration,
			long calls, long rateLimited, long succeeded, long failed, long rejected, long unknown, String exitMessage,
			CaptureHistory.CaptureRecord captured) {

		public boolean running() {
			return List.of("STARTING", "STARTED", "STOPPING").contains(this.status);
		}

	}

	List<RunRow> runs(String status, LocalDate from, LocalDate to) {
		return rows(this.queries.runIds(status, from, to, PAGE_SIZE));
	}

	RunRow run(long id) {
		List<RunRow> rows = rows(List.of(id));
		return rows.isEmpty() ? null : rows.get(0);
	}

	/**
	 * The newest runs' summaries, newest first, each read by its id as the runs list
	 * reads them: the view narrowed to one run at a time, never aggregated whole.
	 */
	List<RunSummary> summaries(int limit) {
		return summaries(this.queries.runIds(null, null, null, limit));
	}

	private List<RunSummary> summaries(List<Long> ids) {
		return ids.stream().map(this.history::find).filter(Objects::nonNull).toList();
	}

	private List<RunRow> rows(List<Long> ids) {
		List<RunSummary> runs = summaries(ids);
		Map<Long, CaptureHistory.CaptureRecord> captured = this.extras.captures().ofRuns(ids);
		return runs.stream().map((run) -> row(run, captured.get(run.executionId()))).toList();
	}

	/**
	 * A partition of a run (its step execution), with the worker that executes or
	 * executed it, its pace and, while it runs, when it should end.
	 */
	record PartitionRow(long stepExecutionId, String name, String status, String worker, long chunks, long items,
			Long size, String itemsPerSecond, String eta) {
	}

	List<PartitionRow> partitions(long run) {
		Map<Integer, Long> sizes = this.queries.partitionSizes(run);
		LocalDateTime now = LocalDateTime.now();
		List<PartitionRow> rows = new ArrayList<>();
		for (ConsoleQueries.Step step : this.queries.partitions(run)) {
			Matcher matcher = PARTITION.matcher(step.name());
			String partition = matcher.find() ? matcher.group(1) : null;
			Long size = (partition != null) ? sizes.get(Integer.valueOf(partition)) : null;
			boolean running = step.end() == null;
			double seconds = (step.start() != null)
					? Math.max(0.001, Duration.between(step.start(), running ? now : step.end()).toMillis() / 1000.0)
					: 0;
			double rate = (seconds > 0) ? step.read() / seconds : 0;
			String eta = "-";
			if (running && size != null && rate > 0) {
				eta = duration(Duration.ofSeconds((long) Math.ceil(Math.max(0, size - step.read()) / rate)));
			}
			String worker = (step.worker() != null) ? step.worker() : (running ? this.worker : "-");
			rows.add(new PartitionRow(step.id(), label(step.name()), step.status(), worker, step.commits(), step.read(),
					size, String.format("%.1f", rate), eta));
		}
		return rows;
	}

	/** The items of one outcome and code, with a few of the changes. */
	record FailureGroup(String outcome, Integer code, long items, String message,
			List<OperationsQueries.Failure> examples) {
	}

	List<FailureGroup> failures(long run) {
		List<FailureGroup> groups = new ArrayList<>();
		for (ConsoleQueries.FailureGroup group : this.queries.failureGroups(run)) {
			List<OperationsQueries.Failure> examples = this.operations.failures(run, group.code(), 20)
				.stream()
				.filter((failure) -> failure.outcome().equals(group.outcome())
						&& Objects.equals(failure.code(), group.code()))
				.limit(3)
				.map(RunPages::masked)
				.toList();
			groups.add(new FailureGroup(group.outcome(), group.code(), group.items(), mask(group.exampleMessage()),
					examples));
		}
		return groups;
	}

	/**
	 * The run's throughput: items per second in up to 30 equal slices of the time its
	 * calls were recorded in.
	 */
	Chart throughput(long run) {
		List<ConsoleQueries.Call> calls = this.queries.calls(run);
		List<String> labels = new ArrayList<>();
		List<Number> rates = new ArrayList<>();
		if (!calls.isEmpty()) {
			LocalDateTime first = calls.get(0).recordedAt();
			long span = Math.max(1000, Duration.between(first, calls.get(calls.size() - 1).recordedAt()).toMillis());
			int slices = (int) Math.min(30, Math.max(1, span / 1000));
			long slice = span / slices + 1;
			long[] items = new long[slices];
			for (ConsoleQueries.Call call : calls) {
				items[(int) (Duration.between(first, call.recordedAt()).toMillis() / slice)] += call.items();
			}
			for (int i = 0; i < slices; i++) {
				labels.add(first.plusNanos(i * slice * 1_000_000).toLocalTime().withNano(0).toString());
				rates.add(Math.round(items[i] * 10000.0 / slice) / 10.0);
			}
		}
		return new Chart("items/s", labels, Map.of("items/s", rates));
	}

	/**
	 * How the pages name a partition: {@code partition 1} for a step
	 * {@code ...:partition1of4} (or its name within the run, {@code partition1of4}), any
	 * other step by its name.
	 */
	static String label(String stepName) {
		Matcher matcher = PARTITION.matcher(stepName);
		return matcher.find() ? "partition " + matcher.group(1) : stepName;
	}

	static String mask(String text) {
		return PersonalDataMasking.maskForOutput(text);
	}

	static OperationsQueries.Failure masked(OperationsQueries.Failure failure) {
		return new OperationsQueries.Failure(failure.run(), failure.changeId(), mask(failure.customerId()),
				mask(failure.externalId()), failure.outcome(), failure.code(), mask(failure.message()),
				failure.stateNow(), failure.recordedAt());
	}

	private static RunRow row(RunSummary run, CaptureHistory.CaptureRecord captured) {
		return new RunRow(run.executionId(), run.label(), run.status(), run.exitCode(), run.startTime(),
				(run.duration() != null) ? duration(run.duration()) : "-", run.calls(), run.rateLimited(),
				run.succeeded(), run.failed(), run.rejected(), run.unknown(), mask(run.exitMessage()), captured);
	}

	static String duration(Duration duration) {
		long seconds = duration.toSeconds();
		if (seconds < 60) {
			return String.format("%.1fs", duration.toMillis() / 1000.0);
		}
		return (seconds >= 3600) ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
				: String.format("%dm%02ds", seconds / 60, seconds % 60);
	}

}
