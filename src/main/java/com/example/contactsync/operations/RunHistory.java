package com.example.contactsync.operations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Reads past runs from the {@code contact_sync_run} view
 * ({@code sql/schema/common/V7__contact_sync_run_counts_partitioned_runs_once.sql}), with
 * the number of a date's rerun ({@code run --again}) from Spring Batch's parameters and
 * its answers HTTP 429 from {@code contact_sync_rate_limited}: all from the database, so
 * a run whose partitions other processes executed reads the same as one that ran here.
 */
public class RunHistory {

	private static final String RUNS = """
			SELECT r.*, p.parameter_value AS rerun,
			       (SELECT COALESCE(SUM(l.answers), 0) FROM contact_sync_rate_limited l
			         WHERE l.job_execution_id = r.job_execution_id) AS rate_limited
			  FROM contact_sync_run r
			  LEFT JOIN batch_job_execution_params p
			         ON p.job_execution_id = r.job_execution_id AND p.parameter_name = 'rerun'""";

	static final String RECENT = RUNS + """

			 ORDER BY r.job_execution_id DESC
			OFFSET 0 ROWS FETCH FIRST ? ROWS ONLY""";

	static final String ONE = RUNS + " WHERE r.job_execution_id = ?";

	/**
	 * The dates of the newest runs that ended FAILED or STOPPED, from Spring Batch's
	 * tables alone: the view's counts would sum every run's outcomes first.
	 */
	static final String FAILED_OR_STOPPED_DATES = """
			SELECT p.parameter_value
			  FROM batch_job_execution e
			  JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
			  JOIN batch_job_execution_params p
			    ON p.job_execution_id = e.job_execution_id AND p.parameter_name = 'runDate'
			 WHERE i.job_name = 'contactSyncJob' AND e.status IN ('FAILED', 'STOPPED')
			 ORDER BY e.job_execution_id DESC
			OFFSET 0 ROWS FETCH FIRST ? ROWS ONLY""";

	private static final RowMapper<RunSummary> ROW_MAPPER = RunHistory::mapRow;

	private final JdbcTemplate jdbcTemplate;

	public RunHistory(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	/** The run dates of the newest runs that ended FAILED or STOPPED, newest first. */
	public List<java.time.LocalDate> failedOrStoppedDates(int limit) {
		return this.jdbcTemplate.queryForList(FAILED_OR_STOPPED_DATES, String.class, limit)
			.stream()
			.map(java.time.LocalDate::parse)
			.toList();
	}

	/** The latest runs, newest first. */
	public List<RunSummary> recent(int limit) {
		return this.jdbcTemplate.query(RECENT, ROW_MAPPER, limit);
	}

	/** One run, or {@code null} if there is no such execution. */
	public RunSummary find(long executionId) {
		return this.jdbcTemplate.query(ONE, ROW_MAPPER, executionId).stream().findFirst().orElse(null);
	}

	private static RunSummary mapRow(ResultSet rs, int rowNum) throws SQLException {
		return new RunSummary(rs.getLong("job_execution_id"), rs.getLong("job_instance_id"), rs.getString("run_date"),
				rs.getString("status"), rs.getString("exit_code"), toLocal(rs.getTimestamp("start_time")),
				toLocal(rs.getTimestamp("end_time")), rs.getLong("calls"), rs.getLong("items"),
				rs.getLong("items_succeeded"), rs.getLong("items_failed"), rs.getLong("items_rejected"),
				rs.getLong("items_unknown"), rs.getLong("rate_limited"), rs.getString("exit_message"),
				rerun(rs.getString("rerun")));
	}

	private static Long rerun(String value) {
		return (value != null && !value.isBlank()) ? Long.valueOf(value.trim()) : null;
	}

	private static LocalDateTime toLocal(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toLocalDateTime() : null;
	}

}
