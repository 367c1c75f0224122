package com.example.contactsync.operations;

import java.time.LocalDate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

import com.example.contactsync.dustess.DustessClient;
import com.example.contactsync.dustess.DustessApiException;
import com.example.contactsync.job.ContactSyncJobConfiguration;

/**
 * Runs the sync for one date. The date is the job instance's identity: a date whose last run
 * failed or stopped is restarted from its last committed chunk; a completed date is not run
 * again.
 */
public class SyncRunner {

	private static final Logger logger = LoggerFactory.getLogger(SyncRunner.class);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job job;

	private final DustessClient dustessClient;

	private final RunHistory history;

	public SyncRunner(JobOperator jobOperator, JobRepository jobRepository, Job job, DustessClient dustessClient,
			RunHistory history) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.job = job;
		this.dustessClient = dustessClient;
		this.history = history;
	}

	/** The job parameters that identify the run of a date. */
	public static JobParameters parameters(LocalDate date) {
		return new JobParametersBuilder().addLocalDate(ContactSyncJobConfiguration.RUN_DATE_PARAMETER, date)
			.toJobParameters();
	}

	/**
	 * Runs (or resumes) the sync of a date and waits for it to end.
	 * @throws com.example.contactsync.dustess.InvalidConfigurationException if the API
	 * credentials are missing; checked before anything starts
	 */
	public RunResult run(LocalDate date) {
		this.dustessClient.checkCredentials();
		JobParameters parameters = parameters(date);
		JobExecution execution;
		try {
			execution = this.jobOperator.start(this.job, parameters);
		}
		catch (JobInstanceAlreadyCompleteException ex) {
			JobExecution last = this.jobRepository.getLastJobExecution(this.job.getName(), parameters);
			RunSummary summary = (last != null) ? this.history.find(last.getId()) : null;
			return new RunResult(date, RunResult.Kind.ALREADY_COMPLETED, summary,
					"The sync of " + date + " has already completed; nothing was sent. Changes pending now wait for the next date's run.");
		}
		catch (JobExecutionAlreadyRunningException ex) {
			return new RunResult(date, RunResult.Kind.ALREADY_RUNNING, null,
					"A sync of " + date + " is already in progress; nothing was sent.");
		}
		catch (Exception ex) {
			logger.error("The sync of {} could not start: {}", date, ex.getMessage());
			return new RunResult(date, RunResult.Kind.FAILED, null,
					"The sync of " + date + " could not start: " + ex.getMessage());
		}
		RunSummary summary = this.history.find(execution.getId());
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			return new RunResult(date, RunResult.Kind.COMPLETED, summary, "The sync of " + date + " completed.");
		}
		String cause = execution.getAllFailureExceptions()
			.stream()
			.map(SyncRunner::rootMessage)
			.findFirst()
			.orElse(execution.getExitStatus().getExitDescription());
		return new RunResult(date, RunResult.Kind.FAILED, summary, "The sync of " + date + " ended "
				+ execution.getStatus() + ": " + cause + " — run the same command again to resume it.");
	}

	/** The message of the API failure in the chain, else of the innermost cause. */
	static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (!(cause instanceof DustessApiException) && cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause.getClass().getSimpleName() + ": " + cause.getMessage();
	}

}
