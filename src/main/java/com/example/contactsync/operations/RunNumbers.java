package com.example.contactsync.operations;

import java.time.LocalDate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;

import com.example.contactsync.job.ContactSyncJobConfiguration;

/**
 * The runs of a date: its first run (the job instance of the date), and the reruns that
 * {@code run --again} starts beside it (the identifying parameter
 * {@value #RERUN_PARAMETER} = 2, 3, ...). The date's newest run is the one {@code run},
 * {@code restart} and {@code recover} act on.
 */
public final class RunNumbers {

	private static final Logger logger = LoggerFactory.getLogger(RunNumbers.class);

	private final JobRepository jobRepository;

	private final Job job;

	RunNumbers(JobRepository jobRepository, Job job) {
		this.jobRepository = jobRepository;
		this.job = job;
	}

	/**
	 * The identifying job parameter of a date's second, third, ... run
	 * ({@code run --again}); the first run of a date has none.
	 */
	public static final String RERUN_PARAMETER = "rerun";

	/** The job parameters that identify the (first) run of a date. */
	public static JobParameters parameters(LocalDate date) {
		return ContactSyncJobConfiguration.parameters(date);
	}

	/**
	 * The job parameters that identify the {@code number}th run of a date: 1 is the
	 * date's first run, 2 its first rerun, ...
	 */
	public static JobParameters parameters(LocalDate date, long number) {
		if (number <= 1) {
			return parameters(date);
		}
		return new JobParametersBuilder(parameters(date)).addLong(RERUN_PARAMETER, number).toJobParameters();
	}

	/**
	 * The number of the date's newest run (job instance): 1 when it has none or only its
	 * first.
	 */
	public long newestRunNumber(LocalDate date) {
		long number = 1;
		while (this.jobRepository.getJobInstance(this.job.getName(), parameters(date, number + 1)) != null) {
			number++;
		}
		return number;
	}

	/** The job parameters of the date's newest run: what {@code run --date} acts on. */
	public JobParameters newestParameters(LocalDate date) {
		return parameters(date, newestRunNumber(date));
	}

	/**
	 * The number of the date's run that {@code run} ({@code again} false) or
	 * {@code run --again} acts on: the date's newest; with {@code again}, the one after
	 * it when the newest completed.
	 */
	public long runNumber(LocalDate date, boolean again) {
		long number = newestRunNumber(date);
		if (again) {
			JobExecution last = this.jobRepository.getLastJobExecution(this.job.getName(), parameters(date, number));
			if (last != null && last.getStatus() == BatchStatus.COMPLETED) {
				return number + 1;
			}
			if (last != null) {
				logger.info("The newest run of {} ended {}: resuming it instead of starting another",
						label(date, number), last.getStatus());
			}
		}
		return number;
	}

	/** A run's name in messages: its date, and {@code #n} for the date's nth run. */
	public static String label(LocalDate date, long number) {
		return (number <= 1) ? date.toString() : date + " #" + number;
	}

	/**
	 * The name of an execution's run in messages: {@code 2026-12-07} or
	 * {@code 2026-12-07 #2}.
	 */
	public static String label(JobExecution execution) {
		Long number = execution.getJobParameters().getLong(RERUN_PARAMETER);
		return label(SyncRunner.runDate(execution), (number != null) ? number : 1);
	}

}
