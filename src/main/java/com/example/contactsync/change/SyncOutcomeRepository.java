package com.example.contactsync.change;

import java.sql.Types;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes rows of {@code sync_outcome}, the per-item job-status table.
 */
class SyncOutcomeRepository {

	static final String INSERT = """
			INSERT INTO sync_outcome (job_execution_id, step_execution_id, change_id, call_id, request_index, outcome,
			                          code, msg, contact_id)
			VALUES """;

	static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";

	/** Rows per statement: well within PostgreSQL's 32,767 parameters. */
	static final int ROWS_PER_STATEMENT = 1000;

	private final JdbcTemplate jdbcTemplate;

	SyncOutcomeRepository(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	/**
	 * Binds an outcome's columns after {@code job_execution_id} and
	 * {@code step_execution_id}, in the order of {@link #INSERT}: change, call, index,
	 * outcome, code, message, contact id.
	 * @return the next parameter's index
	 */
	static int bindColumns(java.sql.PreparedStatement ps, int first, ItemOutcome item) throws java.sql.SQLException {
		int p = first;
		ps.setLong(p++, item.changeId());
		ps.setString(p++, item.callId());
		ps.setObject(p++, item.requestIndex(), Types.INTEGER);
		ps.setString(p++, item.outcome().name());
		ps.setObject(p++, item.code(), Types.INTEGER);
		ps.setString(p++, StoredText.message(item.message()));
		ps.setString(p++, StoredText.fit(item.contactId(), StoredText.CONTACT_ID_LENGTH));
		return p;
	}

	/**
	 * Inserts one row per outcome, in one multi-row {@code INSERT} (a chunk's rows in one
	 * round trip, several times faster than a JDBC batch of single-row inserts that the
	 * driver does not rewrite); text from the answer is made storable
	 * ({@link StoredText}). Expected to be called inside the chunk's transaction.
	 * @param stepExecutionId the partition (or the run's one step) that made the calls
	 */
	void insert(long jobExecutionId, long stepExecutionId, List<ItemOutcome> outcomes) {
		for (int from = 0; from < outcomes.size(); from += ROWS_PER_STATEMENT) {
			List<ItemOutcome> rows = outcomes.subList(from, Math.min(outcomes.size(), from + ROWS_PER_STATEMENT));
			String sql = INSERT + String.join(", ", java.util.Collections.nCopies(rows.size(), ROW));
			this.jdbcTemplate.update(sql, (ps) -> {
				int p = 1;
				for (ItemOutcome item : rows) {
					ps.setLong(p++, jobExecutionId);
					ps.setLong(p++, stepExecutionId);
					p = bindColumns(ps, p, item);
				}
			});
		}
	}

}
