package com.example.contactsync.remote;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import com.example.contactsync.job.ContactSyncJobConfiguration;

/**
 * The workers alive and the partitions they execute and executed
 * ({@code contact_sync_worker}, {@code contact_sync_worker_partition}). Every time is the
 * database's clock, so the machines' clocks never meet.
 */
public class Workers {

	private final JdbcTemplate jdbcTemplate;

	private final NamedParameterJdbcTemplate named;

	public Workers(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
		this.named = new NamedParameterJdbcTemplate(jdbcTemplate);
	}

	/** Adds a worker, alive as of now. */
	void register(String workerId, String host, long pid) {
		this.jdbcTemplate.update("""
				INSERT INTO contact_sync_worker (worker_id, host, pid, started_at, heartbeat_at)
				VALUES (?, ?, ?, clock_timestamp(), clock_timestamp())""", workerId, host, pid);
	}

	/**
	 * Renews a worker's heartbeat; adds it again if its row is gone (the manager never
	 * deletes one, but ops may).
	 */
	void heartbeat(String workerId, String host, long pid) {
		if (this.jdbcTemplate.update(
				"UPDATE contact_sync_worker SET heartbeat_at = clock_timestamp() WHERE worker_id = ?", workerId) == 0) {
			register(workerId, host, pid);
		}
	}

	/** Removes a worker that stops, and ends its claims. */
	void unregister(String workerId) {
		this.jdbcTemplate.update("UPDATE contact_sync_worker_partition SET ended_at = clock_timestamp()"
				+ " WHERE worker_id = ? AND ended_at IS NULL", workerId);
		this.jdbcTemplate.update("DELETE FROM contact_sync_worker WHERE worker_id = ?", workerId);
	}

	/**
	 * Records that a worker executes a partition, unless a worker claimed it already (a
	 * claim is never taken over: a partition is executed by one worker).
	 * @return whether this worker has the partition
	 */
	boolean claim(long stepExecutionId, String workerId) {
		return this.jdbcTemplate.update("""
				INSERT INTO contact_sync_worker_partition (step_execution_id, worker_id, started_at)
				VALUES (?, ?, clock_timestamp())
				ON CONFLICT (step_execution_id) DO NOTHING""", stepExecutionId, workerId) == 1;
	}

	/**
	 * Whether a worker still executes a partition: its claim has not been ended and the
	 * partition is under way — not ended by the manager, which took the worker for dead
	 * and resumes the partition elsewhere. Asked in the partition's chunk transaction, it
	 * also bounds how long that transaction may then stay idle ({@code idleLimit}): a
	 * worker paused with the chunk's changes locked has its session ended by the server,
	 * so that the locks do not outlive the pause by more than that.
	 */
	boolean executes(long stepExecutionId, String workerId, Duration idleLimit) {
		Integer claims = this.jdbcTemplate.queryForObject("""
				SELECT (SELECT COUNT(*) FROM contact_sync_worker_partition p
				        JOIN BATCH_STEP_EXECUTION s ON s.STEP_EXECUTION_ID = p.step_execution_id
				        WHERE p.step_execution_id = ? AND p.worker_id = ? AND p.ended_at IS NULL
				          AND s.STATUS = 'STARTED'),
				       set_config('idle_in_transaction_session_timeout', ?, true)""", (rs, row) -> rs.getInt(1),
				stepExecutionId, workerId, Long.toString(idleLimit.toMillis()));
		return claims != null && claims > 0;
	}

	/** Records that a partition has ended; which worker executed it stays. */
	void release(long stepExecutionId) {
		this.jdbcTemplate.update("UPDATE contact_sync_worker_partition SET ended_at = clock_timestamp()"
				+ " WHERE step_execution_id = ? AND ended_at IS NULL", stepExecutionId);
	}

	/**
	 * A live worker's fair share of the partitions of the runs in progress: the
	 * partitions waiting for a worker or under way, divided by the workers alive, rounded
	 * up (at least one worker: the one asking).
	 */
	int fairShare(Duration lostAfter) {
		Integer share = this.jdbcTemplate.queryForObject("""
				SELECT CAST(ceil((SELECT COUNT(*) FROM BATCH_STEP_EXECUTION s
				                  JOIN BATCH_JOB_EXECUTION j ON j.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID
				                  WHERE s.STEP_NAME LIKE ? AND s.STATUS IN ('STARTING', 'STARTED')
				                    AND j.STATUS IN ('STARTING', 'STARTED'))
				     / CAST(GREATEST(1, (SELECT COUNT(*) FROM contact_sync_worker
				                  WHERE heartbeat_at > clock_timestamp() - make_interval(secs => ?))) AS numeric))
				       AS integer)""", Integer.class, ContactSyncJobConfiguration.PARTITION_STEP_NAME + ":%",
				seconds(lostAfter));
		return (share != null) ? share : 0;
	}

	/**
	 * Which worker executed (or executes) each partition of a run, each as
	 * {@code "partition1of4 COMPLETED on host:pid:id"}, in the partitions' order.
	 */
	public List<String> executedBy(long jobExecutionId) {
		return partitionWorkers(jobExecutionId).stream()
			.map((partition) -> partition.stepName().replaceFirst("^.*:", "") + " " + partition.status() + " on "
					+ partition.workerId())
			.toList();
	}

	/**
	 * The partitions of a run that a worker claimed, with the worker, in the partitions'
	 * order; a partition no worker has claimed (or whose claim ended before V25 kept it)
	 * is missing.
	 */
	public List<PartitionWorker> partitionWorkers(long jobExecutionId) {
		return this.jdbcTemplate.query("""
				SELECT s.STEP_EXECUTION_ID, s.STEP_NAME, s.STATUS, p.worker_id FROM contact_sync_worker_partition p
				JOIN BATCH_STEP_EXECUTION s ON s.STEP_EXECUTION_ID = p.step_execution_id
				WHERE s.JOB_EXECUTION_ID = ? ORDER BY s.STEP_NAME, s.STEP_EXECUTION_ID""",
				(rs, row) -> new PartitionWorker(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)),
				jobExecutionId);
	}

	/** The workers whose heartbeat is younger than {@code lostAfter}. */
	public List<Worker> alive(Duration lostAfter) {
		return this.jdbcTemplate.query("""
				SELECT worker_id, host, pid, extract(epoch FROM clock_timestamp() - heartbeat_at)
				FROM contact_sync_worker
				WHERE heartbeat_at > clock_timestamp() - make_interval(secs => ?)
				ORDER BY worker_id""", (rs, row) -> worker(rs), seconds(lostAfter));
	}

	/**
	 * The worker each of the partitions is claimed by, alive or not; a partition no
	 * worker has claimed is missing.
	 */
	Map<Long, Claim> claims(Collection<Long> stepExecutionIds) {
		Map<Long, Claim> claims = new HashMap<>();
		if (stepExecutionIds.isEmpty()) {
			return claims;
		}
		this.named.query("""
				SELECT p.step_execution_id, p.worker_id, w.host, w.pid,
				       extract(epoch FROM clock_timestamp() - w.heartbeat_at),
				       extract(epoch FROM clock_timestamp() - p.started_at)
				FROM contact_sync_worker_partition p
				LEFT JOIN contact_sync_worker w ON w.worker_id = p.worker_id
				WHERE p.step_execution_id IN (:ids) AND p.ended_at IS NULL""",
				new MapSqlParameterSource("ids", stepExecutionIds), (rs) -> {
					Worker worker = new Worker(rs.getString(2), rs.getString(3), rs.getLong(4),
							(rs.getObject(5) != null) ? rs.getDouble(5) : Double.POSITIVE_INFINITY);
					claims.put(rs.getLong(1), new Claim(worker, rs.getDouble(6)));
				});
		return claims;
	}

	/**
	 * Those of the partitions whose claim has ended: a worker claimed each and let it go.
	 */
	Set<Long> released(Collection<Long> stepExecutionIds) {
		if (stepExecutionIds.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(this.named.queryForList("""
				SELECT step_execution_id FROM contact_sync_worker_partition
				WHERE step_execution_id IN (:ids) AND ended_at IS NOT NULL""",
				new MapSqlParameterSource("ids", stepExecutionIds), Long.class));
	}

	/**
	 * The partitions of a run that live workers execute, each as
	 * {@code "partition1of4 on host:pid:id"}.
	 */
	List<String> executing(org.springframework.batch.core.job.JobExecution execution, Duration lostAfter) {
		List<Long> running = execution.getStepExecutions()
			.stream()
			.filter((step) -> step.getStatus().isRunning())
			.map(org.springframework.batch.core.step.StepExecution::getId)
			.toList();
		Map<Long, String> names = new HashMap<>();
		execution.getStepExecutions().forEach((step) -> names.put(step.getId(), step.getStepName()));
		return claims(running).entrySet()
			.stream()
			.filter((claim) -> claim.getValue().worker().aliveWithin(lostAfter))
			.map((claim) -> names.get(claim.getKey()).replaceFirst("^.*:", "") + " on "
					+ claim.getValue().worker().id())
			.sorted()
			.toList();
	}

	private static Worker worker(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Worker(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getDouble(4));
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	/**
	 * A worker, and how many seconds ago it last renewed its heartbeat (infinite when its
	 * row is gone).
	 */
	public record Worker(String id, String host, long pid, double secondsSinceHeartbeat) {

		boolean aliveWithin(Duration lostAfter) {
			return this.secondsSinceHeartbeat < seconds(lostAfter);
		}

	}

	/** A partition's worker, and how many seconds ago it claimed the partition. */
	record Claim(Worker worker, double secondsClaimed) {

	}

	/**
	 * A partition (its step execution, its step's name and status) and the worker that
	 * claimed it.
	 */
	public record PartitionWorker(long stepExecutionId, String stepName, String status, String workerId) {

	}

}
