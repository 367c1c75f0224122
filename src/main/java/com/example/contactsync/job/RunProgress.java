package com.example.contactsync.job;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.contactsync.change.ItemOutcome;
import com.example.contactsync.change.Outcome;

/**
 * Logs a run's progress at most every {@code interval}: changes done of the run's scope,
 * changes per second, calls, changes that did not succeed, and the time left at the rate
 * so far. One per run, shared by its partitions ({@link Registry}), so a split run logs
 * one line, not one per partition. With remote partitioning the manager logs the run's
 * line from the database ({@link #fromDatabase}); a worker logs its own partitions' line,
 * without a total.
 */
public class RunProgress {

	private static final Logger logger = LoggerFactory.getLogger(RunProgress.class);

	private final long total;

	private final long intervalNanos;

	private final LongSupplier nanoClock;

	private final long startNanos;

	private long lastLogNanos;

	private long done;

	private long calls;

	private long notSucceeded;

	public RunProgress(long total, Duration interval, LongSupplier nanoClock) {
		this.total = total;
		this.intervalNanos = interval.toNanos();
		this.nanoClock = nanoClock;
		this.startNanos = nanoClock.getAsLong();
		this.lastLogNanos = this.startNanos;
	}

	/** Counts a chunk's outcomes and logs when the interval has passed. */
	public synchronized void recorded(List<ItemOutcome> outcomes, boolean called) {
		this.done += outcomes.size();
		this.calls += called ? 1 : 0;
		this.notSucceeded += outcomes.stream().filter((outcome) -> outcome.outcome() != Outcome.SUCCEEDED).count();
		long now = this.nanoClock.getAsLong();
		if (now - this.lastLogNanos >= this.intervalNanos) {
			this.lastLogNanos = now;
			logger.info("{}", line(now));
		}
	}

	/** The changes of the run's scope. */
	long total() {
		return this.total;
	}

	/** The changes recorded so far. */
	synchronized long done() {
		return this.done;
	}

	/**
	 * Sets the counts reached so far (read from the database) and logs when the interval
	 * has passed.
	 */
	public synchronized void reached(long done, long calls, long notSucceeded) {
		this.done = done;
		this.calls = calls;
		this.notSucceeded = notSucceeded;
		long now = this.nanoClock.getAsLong();
		if (now - this.lastLogNanos >= this.intervalNanos) {
			this.lastLogNanos = now;
			logger.info("{}", line(now));
		}
	}

	synchronized String line(long now) {
		double seconds = Math.max(1e-9, (now - this.startNanos) / 1e9);
		double rate = this.done / seconds;
		if (this.total < 0) {
			return String.format(
					"Progress of this worker's partitions: %d changes, %.1f changes/s, %d calls, %d not succeeded",
					this.done, rate, this.calls, this.notSucceeded);
		}
		long left = Math.max(0, this.total - this.done);
		String eta = (rate > 0) ? format(Duration.ofSeconds(Math.round(left / rate))) : "unknown";
		long percent = (this.total > 0) ? Math.min(100, this.done * 100 / this.total) : 100;
		return String.format("Progress: %d of %d changes (%d%%), %.1f changes/s, %d calls, %d not succeeded, ETA %s",
				this.done, this.total, percent, rate, this.calls, this.notSucceeded, eta);
	}

	private static String format(Duration duration) {
		long seconds = duration.toSeconds();
		return (seconds < 60) ? seconds + "s" : (seconds < 3600) ? String.format("%dm%02ds", seconds / 60, seconds % 60)
				: String.format("%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
	}

	/**
	 * The progress of each run under way in this process, created by the first partition
	 * that records a chunk and dropped when the run ends; exported as the gauges
	 * {@code contact.sync.progress.scope.changes} and
	 * {@code contact.sync.progress.done.changes} (0 when no run is under way; a remote
	 * worker exports what its partitions did, without a scope; the manager of a remote
	 * run exports the run's, read from the database by {@link #fromDatabase}).
	 */
	public static class Registry implements org.springframework.batch.core.listener.JobExecutionListener,
			io.micrometer.core.instrument.binder.MeterBinder {

		private final java.util.Map<Long, RunProgress> runs = new java.util.concurrent.ConcurrentHashMap<>();

		@Override
		public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
			io.micrometer.core.instrument.Gauge.builder("contact.sync.progress.scope.changes",
					// a remote worker knows no total (-1): its partitions' share only
					() -> this.runs.values().stream().mapToLong((run) -> Math.max(0, run.total())).sum())
				.description("Changes in the scope of the run under way")
				.register(registry);
			io.micrometer.core.instrument.Gauge
				.builder("contact.sync.progress.done.changes",
						() -> this.runs.values().stream().mapToLong(RunProgress::done).sum())
				.description("Changes the run under way has recorded so far")
				.register(registry);
		}

		RunProgress of(long jobExecutionId, java.util.function.Supplier<RunProgress> create) {
			return this.runs.computeIfAbsent(jobExecutionId, (id) -> create.get());
		}

		@Override
		public void afterJob(org.springframework.batch.core.job.JobExecution jobExecution) {
			this.runs.remove(jobExecution.getId());
		}

	}

	/**
	 * The progress of a run whose partitions other processes execute, for its manager:
	 * given the run, a consumer to call with the run as the job repository has it now; it
	 * reads the counts from {@code sync_outcome} and the partitions' commits, and logs
	 * one line per interval. The run's progress is the one of {@code runs}, so that the
	 * manager exports the gauges of its run as a local run does (a failed run that a
	 * remote run resumes is not alerted on).
	 */
	public static java.util.function.Function<org.springframework.batch.core.job.JobExecution, java.util.function.Consumer<org.springframework.batch.core.job.JobExecution>> fromDatabase(
			Registry runs, org.springframework.jdbc.core.JdbcTemplate jdbcTemplate,
			com.example.contactsync.change.ContactChangeRepository changes, Duration interval) {
		return (run) -> {
			RunProgress progress = runs.of(run.getId(),
					() -> new RunProgress(changes.countInScope(RunScopeListener.scopeOf(run)), interval,
							System::nanoTime));
			return (now) -> {
				long[] outcomes = jdbcTemplate.queryForObject(
						"SELECT COUNT(*), COUNT(*) FILTER (WHERE outcome <> 'SUCCEEDED') FROM sync_outcome WHERE job_execution_id = ?",
						(rs, row) -> new long[] { rs.getLong(1), rs.getLong(2) }, now.getId());
				long calls = jdbcTemplate.queryForObject(
						"SELECT COUNT(DISTINCT call_id) FROM sync_outcome WHERE job_execution_id = ? AND call_id IS NOT NULL",
						Long.class, now.getId());
				progress.reached(outcomes[0], calls, outcomes[1]);
			};
		};
	}

}
