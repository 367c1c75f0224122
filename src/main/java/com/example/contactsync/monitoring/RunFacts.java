package com.example.contactsync.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the database says about the sync at one moment: the newest run (its calls, items
 * and 429s whichever process made them), the newest run that completed, the changes per
 * state and how old the waiting ones are. Read by {@link RunFactsQueries}, exported by
 * {@link RunMetrics}.
 *
 * @param lastRun the newest run (job execution), or {@code null} before the first
 * @param lastCompletedRunEnd when the newest run that completed ended, or {@code null}
 * when none has
 * @param changes the changes in {@code contact_change} per {@code sync_state}, every
 * state of {@link #STATES} included
 * @param oldestWaitingCreated when the oldest change still waiting to be sent
 * ({@code PENDING} or {@code FAILED}) was created, or {@code null} when none waits
 * @param lastRunStuck the changes that the newest run's outcomes left {@code EXHAUSTED}
 * or {@code UNKNOWN} and that still are, per state; empty before the first run
 * @param lastCapture source mode: the newest capture's rows by kind ({@code source},
 * {@code new}, {@code changed}, {@code unchanged}, {@code back}, {@code gone},
 * {@code changes}), a refused one included; empty in table mode
 */
public record RunFacts(LastRun lastRun, Instant lastCompletedRunEnd, Map<String, Long> changes,
		Instant oldestWaitingCreated, Map<String, Long> lastRunStuck, Map<String, Long> lastCapture) {

	/** Every {@code sync_state} a change can have (the table's CHECK constraint). */
	public static final List<String> STATES = List.of("PENDING", "SYNCED", "FAILED", "EXHAUSTED", "REJECTED",
			"UNKNOWN");

	/** The states of a change that waits to be sent by a later run. */
	public static final List<String> WAITING = List.of("PENDING", "FAILED");

	/** The states of a change that no run sends again by itself: it needs a person. */
	public static final List<String> STUCK = List.of("EXHAUSTED", "UNKNOWN");

	public RunFacts {
		changes = Map.copyOf(changes);
		lastRunStuck = Map.copyOf(lastRunStuck);
		lastCapture = Map.copyOf(lastCapture);
	}

	/** The facts of table mode: no capture. */
	public RunFacts(LastRun lastRun, Instant lastCompletedRunEnd, Map<String, Long> changes,
			Instant oldestWaitingCreated, Map<String, Long> lastRunStuck) {
		this(lastRun, lastCompletedRunEnd, changes, oldestWaitingCreated, lastRunStuck, Map.of());
	}

	/**
	 * The share of the keys present before the newest capture that it found gone, or
	 * {@code null} without a capture.
	 */
	public Double lastCaptureGoneShare() {
		long gone = this.lastCapture.getOrDefault("gone", 0L);
		long present = gone + this.lastCapture.getOrDefault("changed", 0L)
				+ this.lastCapture.getOrDefault("unchanged", 0L);
		return this.lastCapture.isEmpty() ? null : (present > 0) ? (double) gone / present : 0.0;
	}

	/**
	 * The newest run.
	 *
	 * @param executionId its job execution
	 * @param status Spring Batch's status of it ({@code COMPLETED}, {@code FAILED},
	 * {@code STARTED}, ...)
	 * @param start when it started, or {@code null} if it never did
	 * @param end when it ended, or {@code null} while it runs (or after its process died)
	 * @param items its items per outcome ({@code SUCCEEDED}, {@code FAILED},
	 * {@code REJECTED}, {@code UNKNOWN})
	 * @param calls its {@code batchEditCustomer} calls that had an answer
	 * @param rateLimited the answers HTTP 429 its calls met, retries included
	 */
	public record LastRun(long executionId, String status, Instant start, Instant end, Map<String, Long> items,
			long calls, long rateLimited) {

		public LastRun {
			items = Map.copyOf(items);
		}

	}

}
