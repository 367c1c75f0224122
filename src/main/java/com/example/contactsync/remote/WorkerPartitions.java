package com.example.contactsync.remote;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.messaging.Message;
import org.springframework.messaging.PollableChannel;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.contactsync.job.FailureDescriptions;
import com.example.contactsync.job.PartitionFence;
import com.example.contactsync.logging.SettledFailureFilter;

/**
 * A worker's side of remote partitioning: takes a partition request from the channel and
 * claims the partition in {@code contact_sync_worker_partition} in one transaction
 * ({@link #take}), then has Spring Batch's {@link StepExecutionRequestHandler} execute it
 * ({@link #handle}); as the partition step's listener it knows the partitions under way
 * here, so that a shutdown ends each after its current chunk ({@link #stop}).
 * <p>
 * A worker takes a request only while it executes fewer partitions than its fair share
 * ({@link Workers#fairShare}: the partitions waiting or under way divided by the workers
 * alive, rounded up), checked again before each take, so that a run's partitions spread
 * over the live workers rather than fill the first one's slots.
 * <p>
 * Taking and claiming commit together: a worker that dies between the two (or a database
 * fault) rolls the take back and the request stays in the channel for another worker. A
 * request for a partition that is no longer waiting ({@code STARTING}) — one the manager
 * ended meanwhile, or a stale message of an earlier run — or that another worker claimed
 * already, is dropped: Spring Batch's handler would run even a completed partition again.
 * <p>
 * As the {@link PartitionFence} it is asked before each call whether this worker still
 * executes the partition: a worker paused (or cut off from the database) for longer than
 * {@code lost-after} comes back to find its partition ended by the manager and resumed by
 * another worker, and sends nothing more of it.
 */
public class WorkerPartitions implements StepExecutionListener, PartitionFence {

	private static final Logger logger = LoggerFactory.getLogger(WorkerPartitions.class);

	private final JobRepository jobRepository;

	private final Workers workers;

	private final String workerId;

	private final StepExecutionRequestHandler handler;

	private final PollableChannel requests;

	private final TransactionTemplate transactionTemplate;

	private final Duration lostAfter;

	private final Duration callIdleLimit;

	private final Set<StepExecution> running = ConcurrentHashMap.newKeySet();

	/** The partitions the {@link #check fence} found taken over, not ended here yet. */
	private final Set<Long> takenOver = ConcurrentHashMap.newKeySet();

	/** The partitions taken here and not ended yet. */
	private final AtomicInteger taken = new AtomicInteger();

	private volatile boolean stopping;

	/**
	 * @param transactionManager the database's: a take and its claim commit together
	 * @param lostAfter when a worker counts as dead
	 * ({@code contact-sync.remote.lost-after})
	 * @param callIdleLimit how long a chunk's transaction may stay idle once a call's
	 * attempt has left (see {@link Workers#executes})
	 */
	public WorkerPartitions(JobRepository jobRepository, Workers workers, String workerId,
			StepExecutionRequestHandler handler, PollableChannel requests,
			PlatformTransactionManager transactionManager, Duration lostAfter, Duration callIdleLimit) {
		this.callIdleLimit = callIdleLimit;
		this.jobRepository = jobRepository;
		this.workers = workers;
		this.workerId = workerId;
		this.handler = handler;
		this.requests = requests;
		this.transactionTemplate = new TransactionTemplate(transactionManager);
		this.lostAfter = lostAfter;
	}

	/**
	 * Takes a request and claims its partition, if this worker executes fewer partitions
	 * than its fair share and is not shutting down.
	 * @return the request, its partition claimed by this worker; {@code null} for none
	 */
	public @Nullable Message<StepExecutionRequest> take() {
		if (this.stopping) {
			return null;
		}
		Message<StepExecutionRequest> message = null;
		try {
			if (!reserve()) {
				return null;
			}
		}
		catch (DataAccessException ex) {
			// the database is out of reach: the heartbeat tells; try again next poll
			return null;
		}
		try {
			message = this.transactionTemplate.execute((transaction) -> takeAndClaim());
			return message;
		}
		catch (DataAccessException | TransactionException ex) {
			logger.warn("Could not take a partition request (it stays in the channel): {}",
					ex.getMostSpecificCause().getMessage());
			return null;
		}
		finally {
			if (message == null) {
				this.taken.decrementAndGet();
			}
		}
	}

	private boolean reserve() {
		int share = this.workers.fairShare(this.lostAfter);
		int now = this.taken.get();
		while (now < share) {
			if (this.taken.compareAndSet(now, now + 1)) {
				return true;
			}
			now = this.taken.get();
		}
		return false;
	}

	@SuppressWarnings("unchecked")
	private @Nullable Message<StepExecutionRequest> takeAndClaim() {
		Message<StepExecutionRequest> message = (Message<StepExecutionRequest>) this.requests.receive(0);
		if (message == null) {
			return null;
		}
		StepExecutionRequest request = message.getPayload();
		StepExecution partition;
		try {
			partition = this.jobRepository.getStepExecution(request.getStepExecutionId());
		}
		catch (EmptyResultDataAccessException ex) {
			partition = null;
		}
		if (partition == null || partition.getStatus() != BatchStatus.STARTING) {
			logger.info("Dropped the request for step execution {} ({}): it is {}", request.getStepExecutionId(),
					request.getStepName(), (partition != null) ? partition.getStatus() : "gone");
			return null;
		}
		if (!this.workers.claim(partition.getId(), this.workerId)) {
			logger.info("Dropped the request for {}: another worker claimed it", request.getStepName());
			return null;
		}
		logger.info("Executing {} of run {}", partition.getStepName(), partition.getJobExecutionId());
		return message;
	}

	/** Executes the partition of a request {@link #take taken} and claimed here. */
	public @Nullable StepExecution handle(Message<StepExecutionRequest> message) {
		StepExecutionRequest request = message.getPayload();
		try {
			StepExecution executed;
			try {
				executed = this.handler.handle(request);
			}
			catch (RuntimeException ex) {
				// it never started (the manager ended it meanwhile, or the repository
				// failed)
				this.workers.release(request.getStepExecutionId());
				throw ex;
			}
			if (this.takenOver.remove(executed.getId())) {
				// the manager ended it and keeps why; this execution is stale
				return executed;
			}
			try {
				// the cause in place of Spring Batch's stack trace, as the manager's job
				// listener does for local partitions
				FailureDescriptions.rewrite(executed, this.jobRepository);
			}
			catch (DataAccessException ex) {
				logger.warn("Could not store why {} failed: {}", executed.getStepName(), ex.getMessage());
			}
			return executed;
		}
		finally {
			this.taken.decrementAndGet();
		}
	}

	@Override
	public void beforeStep(StepExecution partition) {
		this.running.add(partition);
		if (this.stopping) {
			partition.setTerminateOnly();
		}
	}

	@Override
	public @Nullable ExitStatus afterStep(StepExecution partition) {
		this.running.remove(partition);
		this.workers.release(partition.getId());
		logger.info("{} of run {} ended {}", partition.getStepName(), partition.getJobExecutionId(),
				partition.getStatus());
		return null;
	}

	/**
	 * Takes no more requests and ends each partition under way after its current chunk,
	 * and each taken but not started yet before its first (it ends STOPPED, and the
	 * manager resumes it on the workers alive), waiting for them at most {@code timeout}.
	 * @return whether every partition ended in time
	 */
	public boolean stop(Duration timeout) throws InterruptedException {
		this.stopping = true;
		for (StepExecution partition : this.running) {
			logger.warn("Stopping {} of run {} after its current chunk", partition.getStepName(),
					partition.getJobExecutionId());
			partition.setTerminateOnly();
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		// also a partition taken and not started yet: it starts, sees the stop and ends
		// STOPPED, handed back, rather than be dropped with the message as the
		// application closes
		while (this.taken.get() > 0 && System.nanoTime() < deadline) {
			TimeUnit.MILLISECONDS.sleep(100);
		}
		return this.taken.get() == 0;
	}

	@Override
	public void check(StepExecution partition) {
		if (!this.workers.executes(partition.getId(), this.workerId, this.callIdleLimit)) {
			String message = partition.getStepName() + " of run " + partition.getJobExecutionId() + " (step execution "
					+ partition.getId() + ") is no longer executed by worker " + this.workerId
					+ ": the manager took this worker for dead (no heartbeat for " + this.lostAfter.toSeconds()
					+ "s: paused, or cut off from the database) and resumes the partition on another worker;"
					+ " this worker sends nothing more of it";
			if (this.takenOver.add(partition.getId())) {
				logger.warn("{}", message);
			}
			// Spring Batch's reports of this stale execution (a failed chunk, a version
			// it can no longer write) would only repeat it
			SettledFailureFilter.settled();
			throw new TakenOverException(message);
		}
	}

	/** How many partitions are under way here. */
	public int running() {
		return this.running.size();
	}

}
