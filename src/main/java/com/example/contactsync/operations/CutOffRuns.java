package com.example.contactsync.operations;

import java.time.LocalDate;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;

import com.example.contactsync.job.FailureDescriptions;

/**
 * This process's run when its database cut it off: Spring Batch leaves such an execution
 * STARTED or UNKNOWN (its last updates failed), which it would never restart. Once the
 * database answers again it is marked FAILED with the reason, so that the same command
 * resumes it from its last committed chunk.
 */
class CutOffRuns {

	private static final Logger logger = LoggerFactory.getLogger(CutOffRuns.class);

	private final JobRepository jobRepository;

	private final Job job;

	private final RunHistory history;

	private final RunLocks runLocks;

	private final SyncRunner.PartitionsInFlight partitionsInFlight;

	CutOffRuns(JobRepository jobRepository, Job job, RunHistory history, RunLocks runLocks,
			SyncRunner.PartitionsInFlight partitionsInFlight) {
		this.jobRepository = jobRepository;
		this.job = job;
		this.history = history;
		this.runLocks = runLocks;
		this.partitionsInFlight = partitionsInFlight;
	}

	/**
	 * The result of a launch that threw instead of ending: either it never started, or it
	 * started and was cut off (the database went away mid-run, say) and its execution is
	 * left STARTED or UNKNOWN in the job repository; then it is {@link #settle settled}.
	 */
	RunResult interrupted(LocalDate runDate, String date, JobParameters parameters, Exception ex) {
		String cause = FailureDescriptions.describe(List.of(ex));
		JobExecution last;
		try {
			last = this.runLocks
				.untilTheDatabaseAnswers(() -> this.jobRepository.getLastJobExecution(this.job.getName(), parameters));
		}
		catch (RuntimeException unreadable) {
			logger.error("The sync of {} failed: {}; the job repository cannot be read either", date, cause);
			return new RunResult(runDate, RunResult.Kind.FAILED, null,
					"The sync of " + date + " failed: " + cause
							+ " — it may have started: once the database is back, 'contact-sync recover' marks a run "
							+ "left STARTED as FAILED, and the same command resumes it.");
		}
		if (last == null || !(last.isRunning() || last.getStatus() == BatchStatus.UNKNOWN)) {
			logger.error("The sync of {} could not start: {}", date, cause);
			return new RunResult(runDate, RunResult.Kind.FAILED,
					(last != null) ? this.history.find(last.getId()) : null,
					"The sync of " + date + " could not start: " + cause);
		}
		logger.error("The sync of {} (run {}) was cut off after it started: {}", date, last.getId(), cause);
		return settle(runDate, last.getId(), cause);
	}

	/**
	 * Whether the job repository holds an execution that has ended in this process as
	 * STARTED or UNKNOWN, or with a step so: its last updates were lost (the database was
	 * away) and Spring Batch would not restart it.
	 */
	boolean leftOver(long executionId) {
		try {
			JobExecution persisted = this.runLocks
				.untilTheDatabaseAnswers(() -> this.jobRepository.getJobExecution(executionId));
			return persisted != null && (unfinished(persisted.getStatus())
					|| persisted.getStepExecutions().stream().anyMatch((step) -> unfinished(step.getStatus())))
			// not under live remote workers: they end their partitions themselves
					&& this.partitionsInFlight.executing(persisted).isEmpty();
		}
		catch (RuntimeException ex) {
			return true;
		}
	}

	private static boolean unfinished(BatchStatus status) {
		return status.isRunning() || status == BatchStatus.UNKNOWN;
	}

	/**
	 * Ends this process's own run that Spring Batch left STARTED or UNKNOWN (its last
	 * updates failed: the database was away): once the database answers again (waiting at
	 * most {@code contact-sync.run.database-wait}), it is marked FAILED with the reason,
	 * so that the same command resumes it from its last committed chunk.
	 */
	RunResult settle(LocalDate date, long executionId, String cause) {
		try {
			this.runLocks.untilTheDatabaseAnswers(() -> {
				JobExecution execution = this.jobRepository.getJobExecution(executionId);
				return (execution != null)
						? this.runLocks.repair().markFailed(execution, "run (cut off: " + cause + ")") : null;
			});
		}
		catch (RuntimeException ex) {
			logger.error("The sync of {} (run {}) was cut off: {}; it could not be marked FAILED: {}", date,
					executionId, cause, ex.toString());
			return new RunResult(date, RunResult.Kind.FAILED, null, "The sync of " + date + " (run " + executionId
					+ ") was cut off after it started: " + cause
					+ " — the database did not answer again in time: once it is back, run 'contact-sync recover', "
					+ "then the same command again to resume it.");
		}
		return new RunResult(date, RunResult.Kind.FAILED, this.history.find(executionId),
				"The sync of " + date + " (run " + executionId + ") was cut off after it started: " + cause
						+ " — marked FAILED: run the same command again to resume it.");
	}

}
