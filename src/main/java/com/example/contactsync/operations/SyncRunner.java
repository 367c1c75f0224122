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
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ApplicationEventPublisher;

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
						+ orphan.getId() + " (" + runDate(orphan) + ") is marked " + orphan.getStatus()
						+ " but no process is running it: its process died. Run 'contact-sync recover', then run again; nothing was sent.");
			}
			// an execution left UNKNOWN, or ended with a partition still marked running,
			// by a process that is gone: Spring Batch would refuse to restart it
			repairLeftOvers("run");
			return start(date, runNumber(date, again));
		}
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
		return label(runDate(execution), (number != null) ? number : 1);
	}

	private void stopAfterLosingTheLock() {
		stop();
	}

	/** Repairs what dead processes left, but not under live remote workers. */
	private List<JobExecution> repairLeftOvers(String why) {
		return this.runLocks.repair().repairLeftOvers(why, (execution) -> this.partitionsInFlight.executing(execution));
	}

	private RunResult start(LocalDate runDate, long number) {
		JobParameters parameters = parameters(runDate, number);
		String date = label(runDate, number);
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
			return interrupted(runDate, date, parameters, ex);
		}
		finally {
			SettledFailureFilter.reset();
		}
		if (execution.getStatus() != BatchStatus.COMPLETED && leftOver(execution.getId())) {
			return settle(runDate, execution.getId(),
					"ended " + execution.getStatus() + ": " + FailureDescriptions.describe(execution));
		}
		RunSummary summary = this.history.find(execution.getId());
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			return new RunResult(runDate, RunResult.Kind.COMPLETED, summary, "The sync of " + date + " completed.");
		}
		String cause = (execution.getStatus() == BatchStatus.STOPPED) ? "stop requested"
				: FailureDescriptions.describe(execution);
		if (execution.getStatus() == BatchStatus.FAILED && CredentialsRefusedException.describes(cause)) {
			return new RunResult(runDate, RunResult.Kind.CREDENTIALS_REFUSED, summary,
					"The sync of " + date + " (run " + execution.getId() + ") failed: " + cause
							+ " — fix the setting, then run the same command again to resume it.");
		}
		return new RunResult(runDate, RunResult.Kind.FAILED, summary, "The sync of " + date + " ended "
				+ execution.getStatus() + ": " + cause + " — run the same command again to resume it.");
	}

	/**
	 * The result of a launch that threw instead of ending: either it never started, or it
	 * started and was cut off (the database went away mid-run, say) and its execution is
	 * left STARTED or UNKNOWN in the job repository; then it is {@link #settle settled}.
	 */
	private RunResult interrupted(LocalDate runDate, String date, JobParameters parameters, Exception ex) {
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
	private boolean leftOver(long executionId) {
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
	private RunResult settle(LocalDate date, long executionId, String cause) {
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

	/**
	 * The date of the newest run that ended FAILED or STOPPED and is still the date's
	 * newest run, not completed since, or empty: {@code run} of that date resumes it.
	 */
	public Optional<LocalDate> latestRestartableDate() {
		return this.history.recent(50)
			.stream()
			.filter((run) -> run.status().equals("FAILED") || run.status().equals("STOPPED"))
			.map((run) -> LocalDate.parse(run.runDate()))
			.filter((date) -> {
				JobExecution last = this.jobRepository.getLastJobExecution(this.job.getName(), newestParameters(date));
				return last != null
						&& (last.getStatus() == BatchStatus.FAILED || last.getStatus() == BatchStatus.STOPPED);
			})
			.findFirst();
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
				logger.info("Asked run {} ({}) to stop after its current chunk", execution.getId(), label(execution));
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
					throw new RunStillInProgressException("Run " + execution.getId() + " (" + label(execution)
							+ ") lost its manager, but live workers still execute its partitions: "
							+ String.join("; ", inFlight)
							+ ". Nothing was recovered: wait until they end (or 'stop' them), then recover.");
				}
				recovered.add(this.runLocks.repair().markFailed(execution, "recover"));
				logger.warn("Recovered run {} ({}): marked FAILED; 'run --date={}' resumes it", execution.getId(),
						label(execution), runDate(execution));
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
