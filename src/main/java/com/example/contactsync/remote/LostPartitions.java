package com.example.contactsync.remote;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.OptimisticLockingFailureException;

import com.example.contactsync.job.ContactSyncJobConfiguration;
import com.example.contactsync.job.ContactSyncProperties;

/**
 * The manager's watch over its remote partitions, while it waits for them: every
 * {@code contact-sync.remote.heartbeat-interval} it ends, in the job repository, each
 * partition that no live worker will ever finish, so that Spring Batch's polling sees it
 * ended and the run ends instead of waiting for its timeout:
 * <ul>
 * <li>a partition claimed (under way, or not started yet) by a worker whose heartbeat is
 * older than {@code lost-after} (killed, its machine lost) → FAILED, naming the partition
 * and the worker;</li>
 * <li>a partition no worker has taken while no worker at all has been alive for
 * {@code lost-after} → FAILED, saying to start workers;</li>
 * <li>a partition no worker has taken when the run was asked to stop → STOPPED;</li>
 * <li>a partition a worker took and let go before it started (it shut down meanwhile, or
 * could not start it), or claimed longer than {@code lost-after} ago and never started →
 * STOPPED, and it counts as lost.</li>
 * </ul>
 * Each time it also tells the run's progress (one line per run, as with local
 * partitions); when the partitions have ended, which worker executed which.
 * <p>
 * A partition lost with its worker is resumed within the same run by
 * {@link ResumingPartitionHandler}, which asks {@link #wasLost}.
 */
public class LostPartitions implements StepExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(LostPartitions.class);

	private static final String PARTITION_PREFIX = ContactSyncJobConfiguration.PARTITION_STEP_NAME + ":";

	private final JobRepository jobRepository;

	private final Workers workers;

	private final ContactSyncProperties.Remote remote;

	private final LongSupplier nanoClock;

	private final Function<JobExecution, Consumer<JobExecution>> progressOf;

	private final Map<Long, ScheduledExecutorService> watches = new ConcurrentHashMap<>();

	/** The step executions this watch ended because their worker was lost. */
	private final Set<Long> lost = ConcurrentHashMap.newKeySet();

	/**
	 * @param remote how often to look ({@code heartbeat-interval}) and when a worker is
	 * lost ({@code lost-after})
	 * @param progressOf given the run, what to tell of its progress each time the watch
	 * looks at it
	 */
	public LostPartitions(JobRepository jobRepository, Workers workers, ContactSyncProperties.Remote remote,
			LongSupplier nanoClock, Function<JobExecution, Consumer<JobExecution>> progressOf) {
		this.jobRepository = jobRepository;
		this.workers = workers;
		this.remote = remote;
		this.nanoClock = nanoClock;
		this.progressOf = progressOf;
	}

	@Override
	public void beforeStep(StepExecution managerStep) {
		long jobExecutionId = managerStep.getJobExecutionId();
		long waitingSince = this.nanoClock.getAsLong();
		Consumer<JobExecution> progress = this.progressOf.apply(managerStep.getJobExecution());
		ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "contact-sync-partition-watch");
			thread.setDaemon(true);
			return thread;
		});
		watch.scheduleWithFixedDelay(() -> {
			try {
				check(jobExecutionId, waitingSince);
				progress.accept(managerStep.getJobExecution());
			}
			catch (RuntimeException ex) {
				logger.warn("Could not check the partitions of run {}: {}", jobExecutionId, ex.toString());
			}
		}, this.remote.heartbeatInterval().toMillis(), this.remote.heartbeatInterval().toMillis(),
				TimeUnit.MILLISECONDS);
		this.watches.put(managerStep.getId(), watch);
	}

	@Override
	public ExitStatus afterStep(StepExecution managerStep) {
		ScheduledExecutorService watch = this.watches.remove(managerStep.getId());
		if (watch != null) {
			watch.shutdownNow();
		}
		try {
			logger.info("Partitions of run {} by worker: {}", managerStep.getJobExecutionId(),
					String.join(" | ", this.workers.executedBy(managerStep.getJobExecutionId())));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not tell which worker executed which partition: {}", ex.toString());
		}
		return null;
	}

	/**
	 * Ends the partitions of a run that no live worker will finish.
	 * @param waitingSince when the manager began to wait (of {@code nanoClock})
	 */
	void check(long jobExecutionId, long waitingSince) {
		JobExecution job = this.jobRepository.getJobExecution(jobExecutionId);
		if (job == null) {
			return;
		}
		List<StepExecution> running = job.getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().startsWith(PARTITION_PREFIX) && step.getStatus().isRunning())
			.toList();
		if (running.isEmpty()) {
			return;
		}
		boolean stopping = job.getStatus() == BatchStatus.STOPPING || job.getStatus() == BatchStatus.STOPPED;
		List<Workers.Worker> alive = this.workers.alive(this.remote.lostAfter());
		boolean waitedLongEnough = this.nanoClock.getAsLong() - waitingSince >= this.remote.lostAfter().toNanos();
		Map<Long, Workers.Claim> claims = this.workers.claims(running.stream().map(StepExecution::getId).toList());
		java.util.Set<Long> released = this.workers.released(running.stream()
			.filter((step) -> step.getStatus() == BatchStatus.STARTING)
			.map(StepExecution::getId)
			.toList());
		for (StepExecution partition : running) {
			String name = partition.getStepName().substring(PARTITION_PREFIX.length());
			String reason = null;
			BatchStatus status = BatchStatus.FAILED;
			boolean lostWithWorker = false;
			Workers.Claim claim = claims.get(partition.getId());
			if (claim != null && !claim.worker().aliveWithin(this.remote.lostAfter())) {
				// under way, or claimed and not started yet: its worker died either way
				lostWithWorker = true;
				reason = "Partition " + name + " was lost: its worker " + claim.worker().id()
						+ " stopped renewing its heartbeat "
						+ (Double.isInfinite(claim.worker().secondsSinceHeartbeat()) ? "(its row is gone)"
								: Math.round(claim.worker().secondsSinceHeartbeat()) + "s ago")
						+ " (killed, paused, cut off from the database, or its machine lost)";
			}
			else if (partition.getStatus() == BatchStatus.STARTING) {
				if (released.contains(partition.getId())) {
					// claimed, then let go before it started (its worker shut down, or
					// could not start it): the request is gone with the take; ended
					// STOPPED, it is resumed, as many times as a lost one
					status = BatchStatus.STOPPED;
					lostWithWorker = true;
					reason = "Partition " + name + " was let go by the worker that took it before it started"
							+ " (the worker shut down, or could not start it)";
				}
				else if (claim != null && claim.secondsClaimed() >= this.remote.lostAfter().toSeconds()) {
					// claimed by a live worker that never started it (its repository
					// failed
					// as it began, and so did the release)
					status = BatchStatus.STOPPED;
					lostWithWorker = true;
					reason = "Partition " + name + " was claimed " + Math.round(claim.secondsClaimed())
							+ "s ago by worker " + claim.worker().id() + ", which never started it";
				}
				else if (stopping) {
					status = BatchStatus.STOPPED;
					reason = "Partition " + name + " stopped before a worker took it (the run was asked to stop)";
				}
				else if (alive.isEmpty() && waitedLongEnough) {
					reason = "No contact-sync worker is alive: none has renewed its heartbeat in the last "
							+ seconds(this.remote.lostAfter()) + ", so no one took partition " + name
							+ ". Start workers ('contact-sync worker' with contact-sync.partitioning=remote, on the same database), then run again.";
				}
			}
			else if (claim == null && partition.getLastUpdated() != null && partition.getLastUpdated()
				.isBefore(LocalDateTime.now().minus(this.remote.lostAfter().multipliedBy(2)))) {
				lostWithWorker = true;
				reason = "Partition " + name + " was lost: it started, but no worker claims it and it has not"
						+ " committed a chunk for more than " + seconds(this.remote.lostAfter().multipliedBy(2));
			}
			if (reason != null) {
				// known as lost before anyone can see it ended
				if (lostWithWorker) {
					this.lost.add(partition.getId());
				}
				if (!end(partition, status, reason)) {
					this.lost.remove(partition.getId());
				}
			}
		}
	}

	/**
	 * Whether this watch ended a partition's step execution because its worker was lost
	 * (rather than because no worker at all is alive, or the run was asked to stop).
	 */
	public boolean wasLost(long stepExecutionId) {
		return this.lost.contains(stepExecutionId);
	}

	private boolean end(StepExecution partition, BatchStatus status, String reason) {
		partition.setStatus(status);
		partition.setExitStatus(new ExitStatus(status.name(), reason));
		partition.setEndTime(LocalDateTime.now());
		try {
			this.jobRepository.update(partition);
		}
		catch (OptimisticLockingFailureException ex) {
			// its worker wrote to it meanwhile: alive after all; look again next time
			return false;
		}
		this.workers.release(partition.getId());
		if (status == BatchStatus.FAILED) {
			logger.error("{}", reason);
		}
		else {
			logger.info("{}", reason);
		}
		return true;
	}

	private static String seconds(Duration duration) {
		return duration.toSeconds() + "s";
	}

}
