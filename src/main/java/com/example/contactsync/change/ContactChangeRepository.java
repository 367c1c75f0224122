package com.example.contactsync.change;

import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import com.example.contactsync.system.Databases;

/**
 * Reads and updates {@code contact_change}.
 */
public class ContactChangeRepository {

	static final String MAX_ELIGIBLE_CHANGE_ID = """
			SELECT MAX(change_id) FROM contact_change WHERE sync_state = 'PENDING' OR sync_state = 'FAILED'""";

	static final String NOW = "SELECT CURRENT_TIMESTAMP";

	static final String FIND_IN_SCOPE = "SELECT " + ContactChangeRowMapper.COLUMNS + " FROM contact_change WHERE "
			+ RunScope.CONDITION + " AND (%s) ORDER BY change_id";

	static final String APPLY_OUTCOME = """
			UPDATE contact_change
			   SET sync_state = CASE WHEN ? AND (attempts + 1 >= ? OR ?) THEN 'EXHAUSTED' ELSE ? END,
			       last_code = ?, last_message = ?, attempts = attempts + ?,
			       synced_at = CASE WHEN ? THEN CURRENT_TIMESTAMP ELSE synced_at END,
			       attempted_at = CASE WHEN ? THEN CURRENT_TIMESTAMP ELSE attempted_at END
			 WHERE change_id = ? AND (sync_state = 'PENDING' OR sync_state = 'FAILED')""";

	/**
	 * A chunk's record in one statement, on PostgreSQL: its outcomes inserted into
	 * {@code sync_outcome} and its changes moved to their states as
	 * {@link #APPLY_OUTCOME} moves them, from one {@code VALUES} list; the updated ids
	 * returned. One round trip instead of two for every chunk.
	 */
	static final String RECORD_OUTCOMES_POSTGRES = """
			WITH v (change_id, call_id, request_index, outcome, code, message, contact_id, failed, permanent, state,
			        sent, succeeded) AS (VALUES %s),
			     recorded AS (
			       INSERT INTO sync_outcome (job_execution_id, step_execution_id, change_id, call_id, request_index,
			                                 outcome, code, msg, contact_id)
			       SELECT CAST(? AS BIGINT), CAST(? AS BIGINT), v.change_id, v.call_id, v.request_index, v.outcome,
			              v.code, v.message, v.contact_id
			         FROM v)
			UPDATE contact_change c
			   SET sync_state = CASE WHEN v.failed AND (c.attempts + 1 >= ? OR v.permanent) THEN 'EXHAUSTED' ELSE v.state END,
			       last_code = v.code, last_message = v.message, attempts = c.attempts + v.sent,
			       synced_at = CASE WHEN v.succeeded THEN CURRENT_TIMESTAMP ELSE c.synced_at END,
			       attempted_at = CASE WHEN v.sent = 1 THEN CURRENT_TIMESTAMP ELSE c.attempted_at END
			  FROM v
			 WHERE c.change_id = v.change_id AND (c.sync_state = 'PENDING' OR c.sync_state = 'FAILED')
			RETURNING c.change_id""";

	static final String RECORD_OUTCOMES_POSTGRES_ROW = "(CAST(? AS BIGINT), CAST(? AS VARCHAR), CAST(? AS INT), "
			+ "CAST(? AS VARCHAR), CAST(? AS INT), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS BOOLEAN), "
			+ "CAST(? AS BOOLEAN), CAST(? AS VARCHAR), CAST(? AS INT), CAST(? AS BOOLEAN))";

	/** Outcomes per {@link #RECORD_OUTCOMES_POSTGRES} statement (12 parameters each). */
	static final int ROWS_PER_RECORD = 2000;

	private final JdbcTemplate jdbcTemplate;

	private volatile Boolean postgres;

	private final NamedParameterJdbcTemplate namedJdbcTemplate;

	private final SyncOutcomeRepository outcomes;

	public ContactChangeRepository(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
		this.outcomes = new SyncOutcomeRepository(jdbcTemplate);
		this.namedJdbcTemplate = new NamedParameterJdbcTemplate(jdbcTemplate);
	}

	/**
	 * Fixes the scope of a run that starts now: the highest {@code PENDING} or
	 * {@code FAILED} {@code change_id} (0 when there is none) and the database's current
	 * time.
	 */
	public RunScope newRunScope() {
		Long max = this.jdbcTemplate.queryForObject(MAX_ELIGIBLE_CHANGE_ID, Long.class);
		OffsetDateTime now = this.jdbcTemplate.queryForObject(NOW, OffsetDateTime.class);
		return new RunScope((max != null) ? max : 0L, now.withOffsetSameInstant(ZoneOffset.UTC));
	}

	/** How many changes are in the run's scope now. */
	public long countInScope(RunScope scope) {
		Long count = this.namedJdbcTemplate.queryForObject(
				"SELECT COUNT(*) FROM contact_change WHERE " + RunScope.CONDITION, parameters(scope), Long.class);
		return (count != null) ? count : 0L;
	}

	/**
	 * The changes of the run's scope that are among {@code changeIds} or name one of the
	 * ids, in {@code change_id} order.
	 * @param lock whether to lock them ({@code FOR UPDATE}) until the end of the current
	 * transaction: the changes a chunk sends stay as they were sent until their outcome
	 * is recorded, and another process's statement on one of them waits for that
	 */
	public List<ContactChange> findInScope(RunScope scope, Collection<Long> changeIds, Collection<String> customerIds,
			Collection<String> externalIds, boolean lock) {
		return find(scope, changeIds, customerIds, externalIds, lock ? " FOR UPDATE" : "");
	}

	/**
	 * Locks the changes of the run's scope among {@code changeIds} that no other
	 * transaction holds locked, until the end of the current transaction, and returns
	 * them: on PostgreSQL without waiting ({@code FOR UPDATE SKIP LOCKED}), so that a
	 * change another session holds locked is left out instead of stalling the run;
	 * elsewhere (the embedded H2, one process) as {@code FOR UPDATE}.
	 */
	public List<ContactChange> lockInScopeSkippingLocked(RunScope scope, Collection<Long> changeIds) {
		return find(scope, changeIds, List.of(), List.of(), isPostgres() ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE");
	}

	/**
	 * The server process ids of the sessions whose transactions hold some of the changes
	 * locked (PostgreSQL; empty elsewhere, or when it cannot be told).
	 */
	public List<Integer> lockHolders(Collection<Long> changeIds) {
		if (changeIds.isEmpty() || !isPostgres()) {
			return List.of();
		}
		try {
			return this.namedJdbcTemplate.queryForList(LOCK_HOLDERS, new MapSqlParameterSource("ids", changeIds),
					Integer.class);
		}
		catch (org.springframework.dao.DataAccessException ex) {
			return List.of();
		}
	}

	/**
	 * The sessions holding rows of {@code contact_change} locked: a row locked by one
	 * transaction has that transaction's id as its {@code xmax}.
	 */
	static final String LOCK_HOLDERS = """
			SELECT DISTINCT l.pid FROM contact_change c
			  JOIN pg_locks l ON l.locktype = 'transactionid' AND l.transactionid = c.xmax AND l.granted
			 WHERE c.change_id IN (:ids) AND l.pid <> pg_backend_pid()
			 ORDER BY l.pid""";

	private List<ContactChange> find(RunScope scope, Collection<Long> changeIds, Collection<String> customerIds,
			Collection<String> externalIds, String lockClause) {
		List<String> conditions = new ArrayList<>();
		MapSqlParameterSource parameters = parameters(scope);
		if (!changeIds.isEmpty()) {
			conditions.add("change_id IN (:changeIds)");
			parameters.addValue("changeIds", changeIds);
		}
		if (!customerIds.isEmpty()) {
			conditions.add("customer_id IN (:customerIds)");
			parameters.addValue("customerIds", customerIds);
		}
		if (!externalIds.isEmpty()) {
			conditions.add("external_id IN (:externalIds)");
			parameters.addValue("externalIds", externalIds);
		}
		if (conditions.isEmpty()) {
			return List.of();
		}
		String sql = FIND_IN_SCOPE.formatted(String.join(" OR ", conditions)) + lockClause;
		return this.namedJdbcTemplate.query(sql, parameters, new ContactChangeRowMapper());
	}

	/** The named parameters of {@link RunScope#CONDITION}. */
	public static MapSqlParameterSource parameters(RunScope scope) {
		return new MapSqlParameterSource().addValue("maxChangeId", scope.maxChangeId())
			.addValue("runStartedAt", scope.startedAt());
	}

	/**
	 * Records a chunk: inserts one {@code sync_outcome} row per outcome, with the
	 * partition that made the call ({@link SyncOutcomeRepository#insert}), and moves each
	 * change to the state of its outcome — on PostgreSQL in one statement, elsewhere in
	 * an {@code INSERT} and a JDBC batch of {@link #APPLY_OUTCOME}. A {@code FAILED}
	 * change whose attempts reach {@code maxAttempts}, or whose code is permanent,
	 * becomes {@code EXHAUSTED}. Expected to be called inside the chunk's transaction.
	 * <p>
	 * A change that is no longer {@code PENDING} or {@code FAILED} (an operator withdrew
	 * it while its call was in flight) keeps the state it was given; its outcome is still
	 * recorded in {@code sync_outcome}. Failing the chunk instead would roll back the
	 * record of a call Dustess has applied, and the next run would send the whole chunk
	 * again.
	 * @param stepExecutionId the partition's step execution (the run's one step when it
	 * is not partitioned)
	 * @return the ids of the changes left as another process set them (their outcomes are
	 * recorded all the same)
	 */
	public List<Long> recordOutcomes(long jobExecutionId, long stepExecutionId, List<ItemOutcome> outcomes,
			int maxAttempts, Set<Integer> permanentCodes) {
		if (outcomes.isEmpty()) {
			return List.of();
		}
		if (!isPostgres()) {
			this.outcomes.insert(jobExecutionId, stepExecutionId, outcomes);
			return applyInBatch(outcomes, maxAttempts, permanentCodes);
		}
		Set<Long> updated = new java.util.HashSet<>();
		for (int from = 0; from < outcomes.size(); from += ROWS_PER_RECORD) {
			List<ItemOutcome> rows = outcomes.subList(from, Math.min(outcomes.size(), from + ROWS_PER_RECORD));
			String sql = RECORD_OUTCOMES_POSTGRES
				.formatted(String.join(", ", java.util.Collections.nCopies(rows.size(), RECORD_OUTCOMES_POSTGRES_ROW)));
			updated.addAll(this.jdbcTemplate.query(sql, (ps) -> {
				int p = 1;
				for (ItemOutcome item : rows) {
					boolean sent = item.outcome().wasSent();
					// the columns of sync_outcome, then what the state's update needs
					p = SyncOutcomeRepository.bindColumns(ps, p, item);
					ps.setBoolean(p++, item.outcome() == Outcome.FAILED);
					ps.setBoolean(p++, item.code() != null && permanentCodes.contains(item.code()));
					ps.setString(p++, item.outcome().syncState());
					ps.setInt(p++, sent ? 1 : 0);
					ps.setBoolean(p++, item.outcome() == Outcome.SUCCEEDED);
				}
				ps.setLong(p++, jobExecutionId);
				ps.setLong(p++, stepExecutionId);
				ps.setInt(p, maxAttempts);
			}, (rs, row) -> rs.getLong(1)));
		}
		return outcomes.stream().map(ItemOutcome::changeId).filter((id) -> !updated.contains(id)).toList();
	}

	private List<Long> applyInBatch(List<ItemOutcome> outcomes, int maxAttempts, Set<Integer> permanentCodes) {
		int[][] counts = this.jdbcTemplate.batchUpdate(APPLY_OUTCOME, outcomes, outcomes.size(), (ps, item) -> {
			boolean failed = item.outcome() == Outcome.FAILED;
			boolean sent = item.outcome().wasSent();
			ps.setBoolean(1, failed);
			ps.setInt(2, maxAttempts);
			ps.setBoolean(3, item.code() != null && permanentCodes.contains(item.code()));
			ps.setString(4, item.outcome().syncState());
			ps.setObject(5, item.code(), Types.INTEGER);
			ps.setString(6, StoredText.message(item.message()));
			ps.setInt(7, sent ? 1 : 0);
			ps.setBoolean(8, item.outcome() == Outcome.SUCCEEDED);
			ps.setBoolean(9, sent);
			ps.setLong(10, item.changeId());
		});
		List<Long> untouched = new ArrayList<>();
		int index = 0;
		for (int[] batch : counts) {
			for (int count : batch) {
				if (count == 0) {
					untouched.add(outcomes.get(index).changeId());
				}
				index++;
			}
		}
		return untouched;
	}

	private boolean isPostgres() {
		Boolean postgres = this.postgres;
		if (postgres == null) {
			postgres = Databases.isPostgres(this.jdbcTemplate);
			this.postgres = postgres;
		}
		return postgres;
	}

}
