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

import com.example.contactsync.capture.CaptureTasklet;
import com.example.contactsync.capture.SourceRefusedException;
import com.example.contactsync.dustess.CredentialsRefusedException;
import com.example.contactsync.dustess.DustessClient;
import com.example.contactsync.job.ContactSyncJobConfiguration;
import com.example.contactsync.job.FailureDescriptions;
import com.example.contactsync.logging.SettledFailureFilter;
import com.example.contactsync.schema.SchemaMigrations;

/**
 * Runs, stops and recovers the sync. The run date is the job instance's identity: a date
 * whose last run failed or stopped is restarted from its last committed chunk; a
 * completed date is not run again, unless asked to {@link #runAgain run again}: a rerun
 * is a new job instance beside the date's (the identifying parameter
 * {@value #RERUN_PARAMETER} = 2, 3, ...), and the date's newest instance is the one
 * {@code run}, {@code restart} and {@code recover} act on. One run at a time (the run
 * lock, a lease: {@link RunLocks}).
 */
public class SyncRunner {

	private static final Logger logger = LoggerFactory.getLogger(SyncRunner.class);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job job;

	private final DustessClient dustessClient;

	private final RunHistory history;

	private final RunLocks runLocks;

	private final PartitionsInFlight partitionsInFlight;

	private final ApplicationEventPublisher events;

	private final Runnable migrations;

	private final RunNumbers runNumbers;

	private final CutOffRuns cutOffRuns;

	private volatile boolean stopRequested;

	/**
	 * @param runLocks the run lock as a lease, the liveness of other processes, and the
	 * repair of what dead ones left
	 * @param events where a {@link RunEnded} goes after each attempt to run (the metrics
	 * of a run listen to it)
	 * @param migrations applies the schema's pending migrations: run once the credentials
	 * are known to be set, before anything else is written ({@link SchemaMigrations})
	 */
	public SyncRunner(JobOperator jobOperator, JobRepository jobRepository, Job job, DustessClient dustessClient,
			RunHistory history, RunLocks runLocks, PartitionsInFlight partitionsInFlight,
			ApplicationEventPublisher events, Runnable migrations) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.job = job;
		this.dustessClient = dustessClient;
		this.history = history;
		this.runLocks = runLocks;
		this.partitionsInFlight = partitionsInFlight;
		this.events = events;
		this.migrations = migrations;
		this.runNumbers = new RunNumbers(jobRepository, job);
		this.cutOffRuns = new CutOffRuns(jobRepository, job, history, runLocks, partitionsInFlight);
	}

	/** The job parameters that identify the (first) run of a date. */
	public static JobParameters parameters(LocalDate date) {
		return RunNumbers.parameters(date);
	}

	/** The runs of a date: their numbers and parameters. */
	public RunNumbers runNumbers() {
		return this.runNumbers;
	}

	/**
	 * Runs (or resumes) the sync of a date and waits for it to end, then publishes a
	 * {@link RunEnded} with the result.
	 * @throws com.example.contactsync.system.InvalidConfigurationException if the API
	 * credentials are missing; checked before anything starts (refused ones end the run
	 * {@link RunResult.Kind#CREDENTIALS_REFUSED})
	 */
	public RunResult run(LocalDate date) {
		return run(date, false);
	}

	/**
	 * Runs the date again: a new job instance beside the date's, on the changes pending
	 * now, when the date's newest run completed; resumes that run when it failed or
	 * stopped (so that the same command, given again, resumes, as after any failure); the
	 * date's first run when it has none. Then publishes a {@link RunEnded}.
	 */
	public RunResult runAgain(LocalDate date) {
		return run(date, true);
	}

	private RunResult run(LocalDate date, boolean again) {
		RunResult result = runOnce(date, again);
		this.events.publishEvent(new RunEnded(result));
		return result;
	}

	private RunResult runOnce(LocalDate date, boolean again) {
		this.dustessClient.checkConfigured();
		// only now, so that a refused start leaves an empty database empty
		this.migrations.run();
		Optional<RunLease> lock = this.runLocks.tryAcquire(this::stopAfterLosingTheLock);
		if (lock.isEmpty()) {
			return new RunResult(date, RunResult.Kind.ALREADY_RUNNING, null,
					"Another contact-sync run is in progress (it holds the run lock); nothing was sent.");
		}
		try (RunLease lease = lock.get()) {
			Optional<Runners.Runner> live = this.runLocks.liveness().other(lease.id());
			if (live.isPresent()) {
				return new RunResult(date, RunResult.Kind.ALREADY_RUNNING, null,
						"Another contact-sync run is in progress (" + live.get().describe()
								+ "; it is taking its run lock back); nothing was sent.");
			}
			List<JobExecution> orphans = runningExecutions();
			if (!orphans.isEmpty()) {
				JobExecution orphan = orphans.get(0);
				return new RunResult(date, RunResult.Kind.ALREADY_RUNNING, this.history.find(orphan.getId()), "Run "
						+ orphan.getId() + " (" + RunNumbers.label(orphan) + ") is marked " + orphan.getStatus()
						+ " but no process is running it: its process died. Run 'contact-sync recover', then run again; nothing was sent.");
			}
			// an execution left UNKNOWN, or ended with a partition still marked running,
			// by a process that is gone: Spring Batch would refuse to restart it
			repairLeftOvers("run");
			return start(date, this.runNumbers.runNumber(date, again));
		}
	}

	private void stopAfterLosingTheLock() {
		stop();
	}

	/** Repairs what dead processes left, but not under live remote workers. */
	private List<JobExecution> repairLeftOvers(String why) {
		return this.runLocks.repair().repairLeftOvers(why, (execution) -> this.partitionsInFlight.executing(execution));
	}

	private RunResult start(LocalDate runDate, long number) {
		JobParameters parameters = RunNumbers.parameters(runDate, number);
		String date = RunNumbers.label(runDate, number);
		JobExecution execution;
		if (this.stopRequested) {
			return new RunResult(runDate, RunResult.Kind.FAILED, null, "The sync of " + date
					+ " was stopped before it started; nothing was sent — run the same command again to run it.");
		}
		SettledFailureFilter.reset();
		try {
			execution = this.jobOperator.start(this.job, parameters);
		}
		catch (JobInstanceAlreadyCompleteException ex) {
			JobExecution last = this.jobRepository.getLastJobExecution(this.job.getName(), parameters);
			RunSummary summary = (last != null) ? this.history.find(last.getId()) : null;
			return new RunResult(runDate, RunResult.Kind.ALREADY_COMPLETED, summary, "The sync of " + date
					+ " has already completed; nothing was sent. Changes pending now wait for the next date's run "
					+ "('run --again' sends them now).");
		}
		catch (JobExecutionAlreadyRunningException ex) {
			return new RunResult(runDate, RunResult.Kind.ALREADY_RUNNING, null,
					"A sync of " + date + " is already in progress; nothing was sent.");
		}
		catch (Exception ex) {
			return this.cutOffRuns.interrupted(runDate, date, parameters, ex);
		}
		finally {
			SettledFailureFilter.reset();
		}
		if (execution.getStatus() != BatchStatus.COMPLETED && this.cutOffRuns.leftOver(execution.getId())) {
			return this.cutOffRuns.settle(runDate, execution.getId(),
					"ended " + execution.getStatus() + ": " + FailureDescriptions.describe(execution));
		}
		RunSummary summary = this.history.find(execution.getId());
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			return new RunResult(runDate, RunResult.Kind.COMPLETED, summary,
					"The sync of " + date + " completed." + captured(execution));
		}
		String cause = (execution.getStatus() == BatchStatus.STOPPED) ? "stop requested"
				: FailureDescriptions.describe(execution);
		if (execution.getStatus() == BatchStatus.FAILED && CredentialsRefusedException.describes(cause)) {
			return new RunResult(runDate, RunResult.Kind.CREDENTIALS_REFUSED, summary,
					"The sync of " + date + " (run " + execution.getId() + ") failed: " + cause
							+ " — fix the setting, then run the same command again to resume it.");
		}
		if (execution.getStatus() == BatchStatus.FAILED && SourceRefusedException.describes(cause)) {
			return new RunResult(runDate, RunResult.Kind.SOURCE_REFUSED, summary, "The sync of " + date + " (run "
					+ execution.getId() + ") failed: " + cause + " — then run the same command again to resume it.");
		}
		return new RunResult(runDate, RunResult.Kind.FAILED, summary, "The sync of " + date + " ended "
				+ execution.getStatus() + ": " + cause + " — run the same command again to resume it.");
	}

	/** Source mode: what the run's capture step found, as a sentence; else empty. */
	private static String captured(JobExecution execution) {
		return execution.getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().equals(ContactSyncJobConfiguration.CAPTURE_STEP_NAME))
			.map((step) -> step.getExecutionContext().getString(CaptureTasklet.COUNTS_KEY, null))
			.filter(java.util.Objects::nonNull)
			.map((counts) -> " Its capture: " + counts + ".")
			.findFirst()
			.orElse("");
	}

	/**
	 * The date of the newest run that ended FAILED or STOPPED and is still the date's
	 * newest run, not completed since, or empty: {@code run} of that date resumes it.
	 */
	public Optional<LocalDate> latestRestartableDate() {
		return this.history.failedOrStoppedDates(50).stream().filter((date) -> {
			JobExecution last = this.jobRepository.getLastJobExecution(this.job.getName(),
					this.runNumbers.newestParameters(date));
			return last != null && (last.getStatus() == BatchStatus.FAILED || last.getStatus() == BatchStatus.STOPPED);
		}).findFirst();
	}

	/**
	 * Stops this process's run, for a signal: one that has not started yet does not start
	 * (nothing is sent), one under way stops after its current chunk ({@link #stop}).
	 */
	public void requestStop() {
		this.stopRequested = true;
		stop();
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
				logger.info("Asked run {} ({}) to stop after its current chunk", execution.getId(),
						RunNumbers.label(execution));
			}
			catch (JobExecutionNotRunningException ex) {
				// it ended meanwhile
			}
		}
		return stopped;
	}

	/**
	 * Brings the runs whose process died back to a state that {@code run} of their date
	 * resumes: left STARTED, STOPPING or UNKNOWN, they are marked FAILED; a run that
	 * ended (STOPPED, FAILED) with a partition still marked running gets that partition
	 * marked FAILED. Refused while a live process runs the job (its heartbeat, not only
	 * the run lock, says so).
	 * @return the recovered executions, or empty if another run holds the lock
	 */
	public Optional<List<JobExecution>> recover() {
		Optional<RunLease> lock = this.runLocks.tryAcquire(() -> {
		});
		if (lock.isEmpty()) {
			return Optional.empty();
		}
		try (RunLease lease = lock.get()) {
			Optional<Runners.Runner> live = this.runLocks.liveness().other(lease.id());
			if (live.isPresent()) {
				throw new RunStillInProgressException("A run is in progress: its process is alive ("
						+ live.get().describe() + "). Nothing was recovered; to end it use 'stop'.");
			}
			List<JobExecution> recovered = new ArrayList<>();
			for (JobExecution execution : runningExecutions()) {
				List<String> inFlight = this.partitionsInFlight.executing(execution);
				if (!inFlight.isEmpty()) {
					throw new RunStillInProgressException(
							"Run " + execution.getId() + " (" + RunNumbers.label(execution)
									+ ") lost its manager, but live workers still execute its partitions: "
									+ String.join("; ", inFlight)
									+ ". Nothing was recovered: wait until they end (or 'stop' them), then recover.");
				}
				recovered.add(this.runLocks.repair().markFailed(execution, "recover"));
				logger.warn("Recovered run {} ({}): marked FAILED; 'run --date={}' resumes it", execution.getId(),
						RunNumbers.label(execution), runDate(execution));
			}
			recovered.addAll(repairLeftOvers("recover"));
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
