package com.example.contactsync.change;

import java.sql.Types;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads and updates the processing columns of {@code contact_change}.
 */
public class ContactChangeRepository {

	static final String MAX_PENDING_CHANGE_ID = "SELECT MAX(change_id) FROM contact_change WHERE sync_state = 'PENDING'";

	static final String APPLY_OUTCOME = """
			UPDATE contact_change
			   SET sync_state = ?, last_code = ?, last_message = ?, attempts = attempts + ?,
			       synced_at = CASE WHEN ? THEN CURRENT_TIMESTAMP ELSE synced_at END
			 WHERE change_id = ? AND sync_state = 'PENDING'""";

	private static final int MAX_MESSAGE_LENGTH = 2000;

	private final JdbcTemplate jdbcTemplate;

	public ContactChangeRepository(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	/** The highest {@code change_id} that is pending now; 0 when none is. */
	public long maxPendingChangeId() {
		Long max = this.jdbcTemplate.queryForObject(MAX_PENDING_CHANGE_ID, Long.class);
		return (max != null) ? max : 0L;
	}

	/**
	 * Moves each change from {@code PENDING} to the state of its outcome, in one JDBC batch.
	 * Expected to be called inside the chunk's transaction.
	 * @throws IllegalStateException if a change was no longer pending (someone else changed it
	 * meanwhile); the chunk's transaction then rolls back
	 */
	public void applyOutcomes(List<ItemOutcome> outcomes) {
		int[][] counts = this.jdbcTemplate.batchUpdate(APPLY_OUTCOME, outcomes, outcomes.size(), (ps, item) -> {
			ps.setString(1, item.outcome().syncState());
			ps.setObject(2, item.code(), Types.INTEGER);
			ps.setString(3, truncate(item.message()));
			ps.setInt(4, item.outcome().wasSent() ? 1 : 0);
			ps.setBoolean(5, item.outcome() == Outcome.SUCCEEDED);
			ps.setLong(6, item.changeId());
		});
		int index = 0;
		for (int[] batch : counts) {
			for (int count : batch) {
				if (count == 0) {
					throw new IllegalStateException("contact_change " + outcomes.get(index).changeId()
							+ " is no longer PENDING: another process changed it during the run");
				}
				index++;
			}
		}
	}

	static String truncate(String message) {
		if (message == null || message.length() <= MAX_MESSAGE_LENGTH) {
			return message;
		}
		return message.substring(0, MAX_MESSAGE_LENGTH - 1) + "…";
	}

}
