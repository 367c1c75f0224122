package com.example.contactsync.change;

import java.time.OffsetDateTime;

/**
 * Which changes belong to a run: those up to {@code maxChangeId} that are
 * {@code PENDING}, or {@code FAILED} by a call made before the run first started (a
 * restart does not retry what the same run already tried). Fixed when a job instance
 * first starts and kept for its restarts.
 *
 * @param maxChangeId the highest pending {@code change_id} when the run first started
 * @param startedAt when the run first started, by the database's clock
 */
public record RunScope(long maxChangeId, OffsetDateTime startedAt) {

	/**
	 * The SQL condition for "belongs to the run", with parameters {@code :maxChangeId}
	 * and {@code :runStartedAt}.
	 */
	public static final String CONDITION = "change_id <= :maxChangeId AND (sync_state = 'PENDING' "
			+ "OR (sync_state = 'FAILED' AND attempted_at < :runStartedAt))";

	/** {@link #CONDITION} on the columns of the table known as {@code alias}. */
	public static String condition(String alias) {
		return CONDITION.replaceAll("\\b(change_id|sync_state|attempted_at)\\b", alias + ".$1");
	}

}
