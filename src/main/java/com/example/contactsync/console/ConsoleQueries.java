package com.example.contactsync.console;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import com.example.contactsync.job.ContactSyncJobConfiguration;
import com.example.contactsync.remote.Workers;

/**
 * What only the console asks of the database: which runs a filter selects, a run's
 * partitions, its failures by code and its calls over time, which changes belong to a
 * contact. Everything the commands already ask goes through their queries
 * ({@code RunHistory}, {@code OperationsQueries}, {@code RunFactsQueries}, and who
 * executed a partition {@code Workers}). Each query reads one run or one contact through
 * an index, so a page costs the same with a million changes as with ten
 * ({@code ConsolePlansIntegrationTests} shows the plans).
 */
class ConsoleQueries {

	/** The newest runs that a filter selects (the page's rows are read one by one). */
	static final String RUN_IDS = """
			SELECT e.job_execution_id
			  FROM batch_job_execution e
			  JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
			  LEFT JOIN batch_job_execution_params p
			         ON p.job_execution_id = e.job_execution_id AND p.parameter_name = 'runDate'
			 WHERE i.job_name = 'contactSyncJob' %s
			 ORDER BY e.job_execution_id DESC
			 OFFSET 0 ROWS FETCH FIRST :limit ROWS ONLY""";

	/** A run's partitions: the partition steps, or its one step when it has none. */
	static final String STEPS = """
			SELECT step_execution_id, step_name, status, commit_count, read_count, write_count, start_time, end_time
			  FROM batch_step_execution
			 WHERE job_execution_id = ?
			 ORDER BY step_execution_id""";

	/**
	 * How many changes each partition of a run's split holds (kept until it completes).
	 */
	static final String PARTITION_SIZES = """
			SELECT partition_no, COUNT(*) AS changes
			  FROM contact_sync_partition
			 WHERE job_instance_id = (SELECT job_instance_id FROM batch_job_execution WHERE job_execution_id = ?)
			 GROUP BY partition_no""";

	static final String FAILURE_GROUPS = """
			SELECT outcome, code, COUNT(*) AS items, MAX(msg) AS example_msg
			  FROM sync_outcome
			 WHERE job_execution_id = ? AND outcome <> 'SUCCEEDED'
			 GROUP BY outcome, code
			 ORDER BY COUNT(*) DESC, outcome, code""";

	/** One row per call of a run: when its outcomes were recorded, how many items. */
	static final String CALLS = """
			SELECT MIN(recorded_at) AS recorded_at, COUNT(*) AS items
			  FROM sync_outcome
			 WHERE job_execution_id = ? AND call_id IS NOT NULL
			 GROUP BY call_id""";

	/**
	 * Every change of a contact: by its external id or Dustess id, or the id Dustess
	 * gave.
	 */
	static final String CONTACT_CHANGES = """
			SELECT change_id FROM contact_change WHERE external_id = ?
			UNION SELECT change_id FROM contact_change WHERE customer_id = ?
			UNION SELECT change_id FROM sync_outcome WHERE contact_id = ?
			ORDER BY change_id
			OFFSET 0 ROWS FETCH FIRST 200 ROWS ONLY""";

	private final JdbcTemplate jdbcTemplate;

	private final NamedParameterJdbcTemplate named;

	private final Function<Long, List<Workers.PartitionWorker>> claims;

	/**
	 * @param claims the workers that claimed a run's partitions, as {@code status} reads
	 * them ({@link Workers#partitionWorkers}); none where the database keeps no claims
	 * (H2)
	 */
	ConsoleQueries(JdbcTemplate jdbcTemplate, Function<Long, List<Workers.PartitionWorker>> claims) {
		this.jdbcTemplate = jdbcTemplate;
		this.named = new NamedParameterJdbcTemplate(jdbcTemplate);
		this.claims = claims;
	}

	/**
	 * The ids of the newest runs with that status (or any) whose date is in the range.
	 */
	List<Long> runIds(String status, LocalDate from, LocalDate to, int limit) {
		MapSqlParameterSource parameters = new MapSqlParameterSource("limit", limit);
		StringBuilder filter = new StringBuilder();
		if (status != null) {
			filter.append(" AND e.status = :status");
			parameters.addValue("status", status);
		}
		if (from != null) {
			filter.append(" AND p.parameter_value >= :from");
			parameters.addValue("from", from.toString());
		}
		if (to != null) {
			filter.append(" AND p.parameter_value <= :to");
			parameters.addValue("to", to.toString());
		}
		return this.named.queryForList(RUN_IDS.formatted(filter), parameters, Long.class);
	}

	/**
	 * One step execution of a run, and the worker that claimed it ({@code null} when none
	 * did: a local partition, or one waiting for a remote worker).
	 */
	record Step(long id, String name, String status, long commits, long read, long written, LocalDateTime start,
			LocalDateTime end, String worker) {
	}

	/**
	 * The partitions of a run, in order, each with its worker; its steps when it was not
	 * partitioned.
	 */
	List<Step> partitions(long run) {
		Map<Long, String> workers = new HashMap<>();
		this.claims.apply(run).forEach((claim) -> workers.put(claim.stepExecutionId(), claim.workerId()));
		List<Step> steps = this.jdbcTemplate.query(STEPS,
				(rs, row) -> new Step(rs.getLong("step_execution_id"), rs.getString("step_name"),
						rs.getString("status"), rs.getLong("commit_count"), rs.getLong("read_count"),
						rs.getLong("write_count"), local(rs.getTimestamp("start_time")),
						local(rs.getTimestamp("end_time")), workers.get(rs.getLong("step_execution_id"))),
				run);
		List<Step> partitions = steps.stream()
			.filter((step) -> step.name().startsWith(ContactSyncJobConfiguration.PARTITION_STEP_NAME + ":"))
			.toList();
		return partitions.isEmpty() ? steps : partitions;
	}

	/** The changes of each partition of a run's split, while the split is kept. */
	Map<Integer, Long> partitionSizes(long run) {
		Map<Integer, Long> sizes = new HashMap<>();
		RowCallbackHandler size = (rs) -> sizes.put(rs.getInt("partition_no"), rs.getLong("changes"));
		this.jdbcTemplate.query(PARTITION_SIZES, size, run);
		return sizes;
	}

	/** The items of a run that did not succeed, by outcome and code. */
	record FailureGroup(String outcome, Integer code, long items, String exampleMessage) {
	}

	List<FailureGroup> failureGroups(long run) {
		return this.jdbcTemplate.query(FAILURE_GROUPS, (rs, row) -> new FailureGroup(rs.getString("outcome"),
				rs.getObject("code", Integer.class), rs.getLong("items"), rs.getString("example_msg")), run);
	}

	/** A call of a run: when it was recorded, how many items it carried. */
	record Call(LocalDateTime recordedAt, long items) {
	}

	List<Call> calls(long run) {
		List<Call> calls = new ArrayList<>(this.jdbcTemplate.query(CALLS,
				(rs, row) -> new Call(local(rs.getTimestamp("recorded_at")), rs.getLong("items")), run));
		calls.sort(java.util.Comparator.comparing(Call::recordedAt));
		return calls;
	}

	/** The ids of a contact's changes, oldest first (at most 200). */
	List<Long> contactChanges(String key) {
		return this.jdbcTemplate.queryForList(CONTACT_CHANGES, Long.class, key, key, key);
	}

	private static LocalDateTime local(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toLocalDateTime() : null;
	}

}
