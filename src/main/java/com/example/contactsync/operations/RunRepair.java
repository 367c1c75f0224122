package com.example.contactsync.operations;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Brings the executions that no live process runs back to a state that Spring Batch
 * restarts: a job execution left {@code UNKNOWN} (its last update failed, the database
 * away) becomes {@code FAILED}; a step execution left {@code STARTED}, {@code STOPPING}
 * or {@code UNKNOWN} under a job execution that has ended ({@code stop}, then
 * {@code kill -9}) becomes {@code FAILED}. The exit description says why.
 * <p>
 * Safe for this job because its reader keeps no position (process indicator): whether the
 * chunk in flight was committed or rolled back, a restart reads exactly the changes still
 * in the run's scope. Called only with the run lock held and no live process running the
 * job.
 */
record RunRepair(JobRepository jobRepository, JdbcTemplate jdbcTemplate, String jobName) {

	private static final Logger logger = LoggerFactory.getLogger(RunRepair.class);

	/**
	 * The executions of the job that Spring Batch would not restart although they have
	 * ended: UNKNOWN, or ended with a step still marked running or UNKNOWN.
	 */
	static final String LEFT_OVER = """
			SELECT e.JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION e
			  JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
			 WHERE i.JOB_NAME = ?
			   AND (e.STATUS = 'UNKNOWN'
			        OR (e.STATUS NOT IN ('STARTING', 'STARTED', 'STOPPING')
			            AND EXISTS (SELECT 1 FROM BATCH_STEP_EXECUTION s
			                         WHERE s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
			                           AND s.STATUS IN ('STARTING', 'STARTED', 'STOPPING', 'UNKNOWN'))))
			 ORDER BY e.JOB_EXECUTION_ID""";

	/**
	 * Repairs every left-over execution of the job.
	 * @param why who repairs, for the history: {@code "recover"}, {@code "run"}
	 * @param partitionsInFlight the partitions of an execution that live remote workers
	 * still execute: such an execution is left alone
	 * @return the repaired executions
	 */
	List<JobExecution> repairLeftOvers(String why, Function<JobExecution, List<String>> partitionsInFlight) {
		List<JobExecution> repaired = new ArrayList<>();
		for (Long id : this.jdbcTemplate.queryForList(LEFT_OVER, Long.class, this.jobName)) {
			JobExecution execution = this.jobRepository.getJobExecution(id);
			if (execution != null && partitionsInFlight.apply(execution).isEmpty()) {
				repaired.add(markFailed(execution, why));
			}
		}
		return repaired;
	}

	/**
	 * Marks an execution that no process runs any longer FAILED, with its steps still
	 * marked running or UNKNOWN; a STOPPED or FAILED execution keeps its status.
	 */
	JobExecution markFailed(JobExecution execution, String why) {
		BatchStatus before = execution.getStatus();
		for (StepExecution step : execution.getStepExecutions()) {
			BatchStatus status = step.getStatus();
			if (status.isRunning() || status == BatchStatus.UNKNOWN) {
				step.setStatus(BatchStatus.FAILED);
				step.setExitStatus(failed(step.getExitStatus(), note(status, why)));
				if (step.getEndTime() == null) {
					step.setEndTime(LocalDateTime.now());
				}
				this.jobRepository.update(step);
			}
		}
		// the step updates may have brought the job's persisted status in
		JobExecution fresh = this.jobRepository.getJobExecution(execution.getId());
		JobExecution target = (fresh != null) ? fresh : execution;
		BatchStatus status = target.getStatus();
		if (status.isRunning() || status == BatchStatus.UNKNOWN) {
			target.setStatus(BatchStatus.FAILED);
			target.setExitStatus(failed(target.getExitStatus(), note(status, why)));
			if (target.getEndTime() == null) {
				target.setEndTime(LocalDateTime.now());
			}
			this.jobRepository.update(target);
		}
		logger.warn(
				"Run {} (was {}) is now {}: what a process that no longer runs it left running or UNKNOWN is "
						+ "marked FAILED by '{}', so that the date resumes from its last committed chunk",
				execution.getId(), before, target.getStatus(), why);
		return target;
	}

	private static String note(BatchStatus status, String why) {
		return "left " + status + " by a process that no longer runs it; marked FAILED by '" + why + "' at "
				+ LocalDateTime.now().withNano(0) + " so that the date resumes from its last committed chunk";
	}

	/** FAILED, the note first, then what the description said before (it is cut). */
	private static ExitStatus failed(ExitStatus before, String note) {
		String earlier = (before != null) ? before.getExitDescription() : "";
		String description = note + (earlier.isEmpty() ? "" : "; before: " + earlier);
		return new ExitStatus(ExitStatus.FAILED.getExitCode(),
				(description.length() > 2000) ? description.substring(0, 2000) + "…" : description);
	}

}
