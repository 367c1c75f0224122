package com.example.contactsync.operations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The queries behind {@code failures}, {@code show} and {@code requeue}.
 */
public class OperationsQueries {

	static final String LATEST_RUN = "SELECT MAX(job_execution_id) FROM contact_sync_run";

	static final String FAILURES = """
			SELECT o.job_execution_id, o.change_id, c.customer_id, c.external_id, o.outcome, o.code, o.msg,
			       c.sync_state, o.recorded_at
			  FROM sync_outcome o JOIN contact_change c ON c.change_id = o.change_id
			 WHERE o.outcome <> 'SUCCEEDED' AND o.job_execution_id = :run %s
			 ORDER BY o.change_id
			 OFFSET 0 ROWS FETCH FIRST :limit ROWS ONLY""";

	static final String CHANGE = """
			SELECT change_id, customer_id, external_id, sync_state, attempts, last_code, last_message, created_at,
			       attempted_at, synced_at
			  FROM contact_change WHERE change_id = ?""";

	/**
	 * A change's outcomes, each with the partition whose call carried it (none in the
	 * rows recorded before the schema kept it, V26).
	 */
	static final String CHANGE_OUTCOMES = """
			SELECT o.job_execution_id, r.run_date, o.step_execution_id, s.step_name, o.call_id, o.request_index,
			       o.outcome, o.code, o.msg, o.contact_id, o.recorded_at
			  FROM sync_outcome o LEFT JOIN contact_sync_run r ON r.job_execution_id = o.job_execution_id
			  LEFT JOIN batch_step_execution s ON s.step_execution_id = o.step_execution_id
			 WHERE o.change_id = ? ORDER BY o.outcome_id""";

	static final String REQUEUE = """
			UPDATE contact_change SET sync_state = 'PENDING', attempts = 0
			 WHERE sync_state IN (:states) %s""";

	static final String REQUEUE_COUNT = "SELECT COUNT(*) FROM contact_change WHERE sync_state IN (:states) %s";

	private final JdbcTemplate jdbcTemplate;

	private final NamedParameterJdbcTemplate named;

	public OperationsQueries(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
		this.named = new NamedParameterJdbcTemplate(jdbcTemplate);
	}

	/** The newest run's execution id, or {@code null} when there is none. */
	public Long latestRun() {
		return this.jdbcTemplate.queryForObject(LATEST_RUN, Long.class);
	}

	/** One item that did not succeed in a run. */
	public record Failure(long run, long changeId, String customerId, String externalId, String outcome, Integer code,
			String message, String stateNow, OffsetDateTime recordedAt) {
	}

	/**
	 * The items of a run that did not succeed, optionally only those with a Dustess code.
	 */
	public List<Failure> failures(long run, Integer code, int limit) {
		MapSqlParameterSource parameters = new MapSqlParameterSource("run", run).addValue("limit", limit);
		String filter = "";
		if (code != null) {
			filter = "AND o.code = :code";
			parameters.addValue("code", code);
		}
		return this.named.query(FAILURES.formatted(filter), parameters,
				(rs, row) -> new Failure(rs.getLong("job_execution_id"), rs.getLong("change_id"),
						rs.getString("customer_id"), rs.getString("external_id"), rs.getString("outcome"),
						rs.getObject("code", Integer.class), rs.getString("msg"), rs.getString("sync_state"),
						time(rs, "recorded_at")));
	}

	/** A change and every outcome recorded for it. */
	public record ChangeHistory(long changeId, String customerId, String externalId, String state, int attempts,
			Integer lastCode, String lastMessage, OffsetDateTime createdAt, OffsetDateTime attemptedAt,
			OffsetDateTime syncedAt, List<OutcomeRow> outcomes) {
	}

	/**
	 * One {@code sync_outcome} row of a change: {@code stepExecutionId} is the partition
	 * that made the call, {@code partition} its name within the run
	 * ({@code partition1of4}); both {@code null} in rows from before V26.
	 */
	public record OutcomeRow(long run, String runDate, Long stepExecutionId, String partition, String callId,
			Integer requestIndex, String outcome, Integer code, String message, String contactId,
			OffsetDateTime recordedAt) {
	}

	/** A change's history, or {@code null} if there is no such change. */
	public ChangeHistory change(long changeId) {
		List<OutcomeRow> outcomes = this.jdbcTemplate.query(CHANGE_OUTCOMES,
				(rs, row) -> new OutcomeRow(rs.getLong("job_execution_id"), rs.getString("run_date"),
						rs.getObject("step_execution_id", Long.class), partition(rs.getString("step_name")),
						rs.getString("call_id"), rs.getObject("request_index", Integer.class), rs.getString("outcome"),
						rs.getObject("code", Integer.class), rs.getString("msg"), rs.getString("contact_id"),
						time(rs, "recorded_at")),
				changeId);
		List<ChangeHistory> changes = this.jdbcTemplate.query(CHANGE,
				(rs, row) -> new ChangeHistory(rs.getLong("change_id"), rs.getString("customer_id"),
						rs.getString("external_id"), rs.getString("sync_state"), rs.getInt("attempts"),
						rs.getObject("last_code", Integer.class), rs.getString("last_message"), time(rs, "created_at"),
						time(rs, "attempted_at"), time(rs, "synced_at"), outcomes),
				changeId);
		return changes.isEmpty() ? null : changes.get(0);
	}

	/**
	 * A partition's name within its run ({@code partition1of4}) from its step's name
	 * ({@code syncContactChangesPartition:partition1of4}); {@code null} for none.
	 */
	public static String partition(String stepName) {
		return (stepName != null) ? stepName.substring(stepName.indexOf(':') + 1) : null;
	}

	/** The states {@code requeue} moves back to {@code PENDING}. */
	public static final List<String> REQUEUEABLE = List.of("FAILED", "EXHAUSTED", "REJECTED", "UNKNOWN");

	/**
	 * Moves changes in one of {@code states} back to {@code PENDING} with no attempts,
	 * chosen by run, Dustess code and/or change ids (all given criteria must hold).
	 * @return how many changes were requeued
	 */
	public int requeue(List<String> states, Long run, Integer code, List<Long> changeIds) {
		MapSqlParameterSource parameters = new MapSqlParameterSource("states", states);
		return this.named.update(REQUEUE.formatted(requeueFilter(parameters, run, code, changeIds)), parameters);
	}

	/**
	 * How many changes {@link #requeue} with the same arguments would move back to
	 * {@code PENDING} now: what the console's confirmation shows.
	 */
	public int countRequeue(List<String> states, Long run, Integer code, List<Long> changeIds) {
		MapSqlParameterSource parameters = new MapSqlParameterSource("states", states);
		Integer count = this.named.queryForObject(
				REQUEUE_COUNT.formatted(requeueFilter(parameters, run, code, changeIds)), parameters, Integer.class);
		return (count != null) ? count : 0;
	}

	private static String requeueFilter(MapSqlParameterSource parameters, Long run, Integer code,
			List<Long> changeIds) {
		List<String> filters = new ArrayList<>();
		if (run != null) {
			filters.add("change_id IN (SELECT change_id FROM sync_outcome WHERE job_execution_id = :run)");
			parameters.addValue("run", run);
		}
		if (code != null) {
			filters.add("last_code = :code");
			parameters.addValue("code", code);
		}
		if (changeIds != null && !changeIds.isEmpty()) {
			filters.add("change_id IN (:changeIds)");
			parameters.addValue("changeIds", changeIds);
		}
		if (filters.isEmpty()) {
			throw new IllegalArgumentException("requeue needs at least one of run, code or change ids");
		}
		return "AND " + String.join(" AND ", filters);
	}

	private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant().atOffset(ZoneOffset.UTC) : null;
	}

}
