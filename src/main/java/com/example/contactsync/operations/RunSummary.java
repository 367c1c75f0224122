package com.example.contactsync.operations;

import java.time.Duration;
import java.time.LocalDateTime;

/**
 * One run (job execution) of the sync, as the {@code contact_sync_run} view shows it.
 */
public record RunSummary(long executionId, long instanceId, String runDate, String status, String exitCode,
		LocalDateTime startTime, LocalDateTime endTime, long calls, long items, long succeeded, long failed,
		long rejected, long unknown, String exitMessage) {

	/** How long the run took, or {@code null} while it has not ended. */
	public Duration duration() {
		return (this.startTime != null && this.endTime != null) ? Duration.between(this.startTime, this.endTime) : null;
	}

}
