package com.example.contactsync.operations;

import java.time.Duration;
import java.time.LocalDateTime;

/**
 * One run (job execution) of the sync, as the {@code contact_sync_run} view shows it.
 *
 * @param rateLimited the answers HTTP 429 ("too many requests") its calls met, retries
 * included ({@code contact_sync_rate_limited}): whichever process made the calls, a
 * remote partitioning worker included
 * @param rerun the number of the date's run for a rerun ({@code run --again}: 2, 3, ...),
 * {@code null} for the date's first run
 */
public record RunSummary(long executionId, long instanceId, String runDate, String status, String exitCode,
		LocalDateTime startTime, LocalDateTime endTime, long calls, long items, long succeeded, long failed,
		long rejected, long unknown, long rateLimited, String exitMessage, Long rerun) {

	/** The run's name: its date, with {@code #n} for a rerun ({@code 2026-12-07 #2}). */
	public String label() {
		return (this.rerun != null) ? this.runDate + " #" + this.rerun : this.runDate;
	}

	/** How long the run took, or {@code null} while it has not ended. */
	public Duration duration() {
		return (this.startTime != null && this.endTime != null) ? Duration.between(this.startTime, this.endTime) : null;
	}

}
