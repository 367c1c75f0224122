package com.example.contactsync.operations;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ApplicationEventPublisher;

import com.example.contactsync.dustess.DustessClient;
import com.example.contactsync.job.ContactSyncJobConfiguration;
import com.example.contactsync.job.FailureDescriptions;

/**
 * Runs, stops and recovers the sync. The run date is the job instance's identity: a date
 * whose last run failed or stopped is restarted from its last committed chunk; a
 * completed date is not run again. One run at a time ({@link RunLock}).
 */
public class SyncRunner {

	private static final Logger logger = LoggerFactory.getLogger(SyncRunner.class);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job job;

	private final DustessClient dustessClient;

	private final RunHistory history;

	private final RunLock runLock;

	private final PartitionsInFlight partitionsInFlight;

	private final ApplicationEventPublisher events;

	public SyncRunner(JobOperator jobOperator, JobRepository jobRepository, Job job, DustessClient dustessClient,
			RunHistory history, RunLock runLock) {
		this(jobOperator, jobRepository, job, dustessClient, history, runLock, (execution) -> List.of(), (event) -> {
		});
	}

	/**
	 * @param events where a {@link RunEnded} goes after each attempt to run (the metrics
	 * of a run listen to it)
	 */
	public SyncRunner(JobOperator jobOperator, JobRepository jobRepository, Job job, DustessClient dustessClient,
			RunHistory history, RunLock runLock, PartitionsInFlight partitionsInFlight,
			ApplicationEventPublisher events) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.job = job;
		this.dustessClient = dustessClient;
		this.history = history;
		this.runLock = runLock;
		this.partitionsInFlight = partitionsInFlight;
		this.events = events;
	}

	/** The job parameters that identify the run of a date. */
	public static JobParameters parameters(LocalDate date) {
		return ContactSyncJobConfiguration.parameters(date);
	}

	/**
	 * Runs (or resumes) the sync of a date and waits for it to end, then publishes a
	 * {@link RunEnded} with the result.
	 * @throws com.example.contactsync.system.InvalidConfigurationException if the API
	 * credentials are missing or refused; checked before anything starts
	 */
	public RunResult run(LocalDate date) {
		RunResult result = runOnce(date);
		this.events.publishEvent(new RunEnded(result));
		return result;
	}

	private RunResult runOnce(LocalDate date) {
		this.dustessClient.checkCredentials();
		Optional<RunLock.Held> lock = this.runLock.tryAcquire();
		if (lock.isEmpty()) {
			return new RunResult(date, RunResult.Kind.ALREADY_RUNNING, null,
					"Another contact-sync run is in progress (it holds the run lock); nothing was sent.");
		}
		try (RunLock.Held held = lock.get()) {
			List<JobExecution> orphans = runningExecutions();
			if (!orphans.isEmpty()) {
				JobExecution orphan = orphans.get(0);
				return new RunResult(date, RunResult.Kind.ALREADY_RUNNING, this.history.find(orphan.getId()), "Run "
						+ orphan.getId() + " (" + runDate(orphan) + ") is marked " + orphan.getStatus()
						+ " but no process is running it: its process died. Run 'contact-sync recover', then run again; nothing was sent.");
			}
			return start(date);
		}
	}

	private RunResult start(LocalDate date) {
		JobParameters parameters = parameters(date);
		JobExecution execution;
		try {
			execution = this.jobOperator.start(this.job, parameters);
		}
		catch (JobInstanceAlreadyCompleteException ex) {
			JobExecution last = this.jobRepository.getLastJobExecution(this.job.getName(), parameters);
			RunSummary summary = (last != null) ? this.history.find(last.getId()) : null;
			return new RunResult(date, RunResult.Kind.ALREADY_COMPLETED, summary, "The sync of " + date
					+ " has already completed; nothing was sent. Changes pending now wait for the next date's run.");
		}
		catch (JobExecutionAlreadyRunningException ex) {
			return new RunResult(date, RunResult.Kind.ALREADY_RUNNING, null,
					"A sync of " + date + " is already in progress; nothing was sent.");
		}
		catch (Exception ex) {
			return interrupted(date, parameters, ex);
		}
		RunSummary summary = this.history.find(execution.getId());
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			return new RunResult(date, RunResult.Kind.COMPLETED, summary, "The sync of " + date + " completed.");
		}
		String cause = (execution.getStatus() == BatchStatus.STOPPED) ? "stop requested"
				: FailureDescriptions.describe(execution);
		return new RunResult(date, RunResult.Kind.FAILED, summary, "The sync of " + date + " ended "
				+ execution.getStatus() + ": " + cause + " — run the same command again to resume it.");
	}

	/**
	 * The result of a launch that threw instead of ending: either it never started, or it
	 * started and was cut off (the database went away mid-run, say) and its execution is
	 * left STARTED in the job repository, where {@code recover} must clear it.
	 */
	private RunResult interrupted(LocalDate date, JobParameters parameters, Exception ex) {
		String cause = FailureDescriptions.describe(List.of(ex));
		JobExecution last;
		try {
			last = this.jobRepository.getLastJobExecution(this.job.getName(), parameters);
		}
		catch (RuntimeException unreadable) {
			logger.error("The sync of {} failed: {}; the job repository cannot be read either", date, cause);
			return new RunResult(date, RunResult.Kind.FAILED, null,
					"The sync of " + date + " failed: " + cause
							+ " — it may have started: once the database is back, 'contact-sync status' shows it; "
							+ "a run left STARTED needs 'contact-sync recover' before the same command resumes it.");
		}
		if (last == null || !last.isRunning()) {
			logger.error("The sync of {} could not start: {}", date, cause);
			return new RunResult(date, RunResult.Kind.FAILED, (last != null) ? this.history.find(last.getId()) : null,
					"The sync of " + date + " could not start: " + cause);
		}
		logger.error("The sync of {} (run {}) was cut off after it started: {}", date, last.getId(), cause);
		return new RunResult(date, RunResult.Kind.FAILED, this.history.find(last.getId()),
				"The sync of " + date + " (run " + last.getId() + ") was cut off after it started: " + cause
						+ " — it is left " + last.getStatus()
						+ ": run 'contact-sync recover', then the same command again to resume it.");
	}

	/**
	 * The date of the newest run that ended FAILED or STOPPED and whose date has not
	 * completed since, or empty.
	 */
	public Optional<LocalDate> latestRestartableDate() {
		return this.history.recent(50)
			.stream()
			.filter((run) -> run.status().equals("FAILED") || run.status().equals("STOPPED"))
			.map((run) -> LocalDate.parse(run.runDate()))
			.filter((date) -> {
				JobExecution last = this.jobRepository.getLastJobExecution(this.job.getName(), parameters(date));
				return last != null
						&& (last.getStatus() == BatchStatus.FAILED || last.getStatus() == BatchStatus.STOPPED);
			})
			.findFirst();
	}

	/**
	 * Asks the running sync to stop after its current chunk. Works from any process: the
	 * request goes through the job repository.
	 * @return the executions asked to stop; empty when none is running
	 */
	public List<JobExecution> stop() {
		List<JobExecution> stopped = new ArrayList<>();
		for (JobExecution execution : runningExecutions()) {
			try {
				this.jobOperator.stop(execution);
				stopped.add(execution);
				logger.info("Asked run {} ({}) to stop after its current chunk", execution.getId(), runDate(execution));
			}
			catch (JobExecutionNotRunningException ex) {
				// it ended meanwhile
			}
		}
		return stopped;
	}

	/**
	 * Marks the runs whose process died (left STARTED or STOPPING) as FAILED, so that
	 * {@code run} of their date resumes them. Refused while a run is in progress.
	 * @return the recovered executions, or empty if another run holds the lock
	 */
	public Optional<List<JobExecution>> recover() {
		Optional<RunLock.Held> lock = this.runLock.tryAcquire();
		if (lock.isEmpty()) {
			return Optional.empty();
		}
		try (RunLock.Held held = lock.get()) {
			List<JobExecution> recovered = new ArrayList<>();
			for (JobExecution execution : runningExecutions()) {
				List<String> inFlight = this.partitionsInFlight.executing(execution);
				if (!inFlight.isEmpty()) {
					throw new RunStillInProgressException("Run " + execution.getId() + " (" + runDate(execution)
							+ ") lost its manager, but live workers still execute its partitions: "
							+ String.join("; ", inFlight)
							+ ". Nothing was recovered: wait until they end (or 'stop' them), then recover.");
				}
				recovered.add(this.jobOperator.recover(execution));
				logger.warn("Recovered run {} ({}): marked FAILED; 'run --date={}' resumes it", execution.getId(),
						runDate(execution), runDate(execution));
			}
			return Optional.of(recovered);
		}
	}

	/** The executions of the job that the repository shows as running, oldest first. */
	public List<JobExecution> runningExecutions() {
		Set<JobExecution> running = this.jobRepository.findRunningJobExecutions(this.job.getName());
		return running.stream().sorted(Comparator.comparing(JobExecution::getId)).toList();
	}

	/** The run date of an execution. */
	public static LocalDate runDate(JobExecution execution) {
		return execution.getJobParameters().getLocalDate(ContactSyncJobConfiguration.RUN_DATE_PARAMETER);
	}

	/**
	 * The partitions of a run that live processes still execute (remote partitioning's
	 * workers): {@code recover} must not mark them FAILED under a worker that goes on.
	 */
	@FunctionalInterface
	public interface PartitionsInFlight {

		/**
		 * Each partition of the execution still under way in a live process, described.
		 */
		List<String> executing(JobExecution execution);

	}

}
