package com.example.contactsync.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@link SyncBenchmark}'s source-mode block (issue 21): a {@link SourceTable} of each
 * size, and three runs of the job in source mode, each its own process: the first capture
 * (every key new, every row sent whole), a run after 1 % of the rows were edited, and a
 * run with no change; beside the 1 % run, what a resend of every row would cost in calls
 * (as many as the first run made).
 */
final class SourceModeBlock {

	/** Starts one run of the job in source mode, as the benchmark launches every run. */
	@FunctionalInterface
	interface Launcher {

		/**
		 * Runs {@code run --date=<the day's date>} on the source table and returns its
		 * measurements; throws if it does not exit 0.
		 */
		MeasuredProcess.Result run(String label, String name, int day, Duration timeout) throws Exception;

	}

	private final SourceTable source;

	private final List<Integer> sizes;

	private final int repeat;

	private final int concurrency;

	private final int chunkSize;

	private final String howLaunched;

	private final Launcher launcher;

	private final Supplier<BenchmarkStub.Counters> counters;

	SourceModeBlock(SourceTable source, List<Integer> sizes, int repeat, int concurrency, int chunkSize,
			String howLaunched, Launcher launcher, Supplier<BenchmarkStub.Counters> counters) {
		this.source = source;
		this.sizes = sizes;
		this.repeat = repeat;
		this.concurrency = concurrency;
		this.chunkSize = chunkSize;
		this.howLaunched = howLaunched;
		this.launcher = launcher;
		this.counters = counters;
	}

	/** The block's lines: a table per round, the medians, and the RSS ratios. */
	List<String> lines() throws Exception {
		List<String> block = new ArrayList<>();
		block.add(String.format(
				"Source mode: %s (%s) on PostgreSQL, generate_series rows of some 360 bytes, chunk size %d, "
						+ "concurrency %d, %s; VACUUM ANALYZE and CHECKPOINT before each run",
				SourceTable.RELATION, "key external_id, 11 fields, 2 of them jsonb", this.chunkSize, this.concurrency,
				this.howLaunched));
		block.add(String.format("%-24s %8s %8s %8s %9s %8s %9s %7s %8s %6s %8s %8s %8s %7s", "case", "source", "new",
				"changed", "unchanged", "changes", "capture s", "run s", "seconds", "calls", "entries", "heap MB",
				"live MB", "RSS MB"));
		java.util.Map<String, List<SourceRow>> byCase = new java.util.LinkedHashMap<>();
		for (int size : this.sizes) {
			for (int round = 1; round <= this.repeat; round++) {
				if (this.repeat > 1) {
					block.add(String.format("round %d of %d", round, this.repeat));
				}
				long generation = System.nanoTime();
				this.source.reset(size);
				System.err.printf("[benchmark] %s rows of %s made in %.1f s%n", size, SourceTable.RELATION,
						(System.nanoTime() - generation) / 1e9);
				SourceRow first = run(size, "first (all new)", 1);
				int edited = this.source.editOnePercent(size);
				SourceRow changed = run(size, "1 % edited", 2);
				if (changed.captured().changedRows() != edited) {
					throw new IllegalStateException(
							edited + " rows edited, " + changed.captured().changedRows() + " captured as changed");
				}
				this.source.settle();
				SourceRow unchanged = run(size, "no change", 3);
				for (SourceRow row : List.of(first, changed, unchanged)) {
					block.add(row.format());
					byCase.computeIfAbsent(row.label(), (label) -> new ArrayList<>()).add(row);
				}
				long resendCalls = (size + this.chunkSize - 1) / this.chunkSize;
				block.add(String.format(Locale.ROOT,
						"%-24s %8d %8s %8s %9s %8d %9s %7s %8s %6d %8d   calls of a resend: %.1f %% of them were sent",
						label(size, "1 % as a full resend"), size, "", "", "", size, "", "", "", resendCalls, size,
						100.0 * changed.calls().calls() / resendCalls));
				if (first.calls().calls() != resendCalls) {
					throw new IllegalStateException("The first run made " + first.calls().calls() + " calls, not "
							+ resendCalls + " (every row, " + this.chunkSize + " a call)");
				}
			}
		}
		if (this.repeat > 1) {
			block.add(String.format("median of the %d rounds (per case, the round whose capture took the median time)",
					this.repeat));
			byCase.values().forEach((rows) -> block.add(SourceRow.median(rows).format()));
		}
		if (this.sizes.size() > 1) {
			int smallest = this.sizes.stream().min(Integer::compare).orElseThrow();
			int largest = this.sizes.stream().max(Integer::compare).orElseThrow();
			List<String> ratios = new ArrayList<>();
			for (String run : List.of("first (all new)", "1 % edited", "no change")) {
				double small = CaseRow.medianOf(
						byCase.get(label(smallest, run)).stream().map((row) -> row.process().peakRssMb()).toList());
				double large = CaseRow.medianOf(
						byCase.get(label(largest, run)).stream().map((row) -> row.process().peakRssMb()).toList());
				ratios.add(String.format(Locale.ROOT, "%s %.0f / %.0f MB = %.2fx", run, large, small, large / small));
			}
			block.add(String.format("peak RSS, %d rows against %d (medians): %s", largest, smallest,
					String.join("; ", ratios)));
		}
		block.add(
				"capture s: the capture step's start to end (batch_step_execution: the comparison in the database, the");
		block.add("changes written, the state updated, one transaction); run s: the job execution (capture and sync);");
		block.add(
				"seconds: the whole process; changes: contact_change rows the capture wrote; calls, entries: at the stub;");
		block.add("full resend: the 1 % run's source sent whole, chunk size a call (as the first run did).");
		return block;
	}

	static String label(int size, String run) {
		return ((size % 1_000_000 == 0) ? (size / 1_000_000) + "M" : (size % 1000 == 0) ? (size / 1000) + "k" : size)
				+ " " + run;
	}

	private SourceRow run(int size, String run, int day) throws Exception {
		String label = label(size, run);
		MeasuredProcess.Result result = this.launcher.run(label, "source-" + size + "-run" + day, day,
				CaseRow.timeout(size));
		SourceTable.Captured captured = this.source.lastCapture();
		BenchmarkStub.Counters calls = this.counters.get();
		if (calls.entries() != captured.changes() || captured.sourceRows() != size) {
			throw new IllegalStateException(
					label + ": " + captured + ", the stub took " + calls.entries() + " entries");
		}
		return new SourceRow(label, result, captured, calls);
	}

}
