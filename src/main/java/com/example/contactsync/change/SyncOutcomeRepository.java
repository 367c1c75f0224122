package com.example.contactsync.change;

import java.sql.Types;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes rows of {@code sync_outcome}, the per-item job-status table.
 */
public class SyncOutcomeRepository {

	static final String INSERT = """
			INSERT INTO sync_outcome (job_execution_id, change_id, call_id, request_index, outcome, code, msg,
			                          contact_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";

	private final JdbcTemplate jdbcTemplate;

	public SyncOutcomeRepository(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	/**
	 * Inserts one row per outcome, in one JDBC batch; text from the answer is made
	 * storable ({@link StoredText}). Expected to be called inside the chunk's
	 * transaction.
	 */
	public void insert(long jobExecutionId, List<ItemOutcome> outcomes) {
		this.jdbcTemplate.batchUpdate(INSERT, outcomes, outcomes.size(), (ps, item) -> {
			ps.setLong(1, jobExecutionId);
			ps.setLong(2, item.changeId());
			ps.setString(3, item.callId());
			ps.setObject(4, item.requestIndex(), Types.INTEGER);
			ps.setString(5, item.outcome().name());
			ps.setObject(6, item.code(), Types.INTEGER);
			ps.setString(7, StoredText.message(item.message()));
			ps.setString(8, StoredText.fit(item.contactId(), StoredText.CONTACT_ID_LENGTH));
		});
	}

}
