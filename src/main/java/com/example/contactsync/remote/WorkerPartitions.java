package com.example.contactsync.remote;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;

import com.example.contactsync.job.FailureDescriptions;

/**
 * A worker's side of remote partitioning: takes a partition request from the channel,
 * claims the partition in {@code contact_sync_worker_partition} and has Spring Batch's
 * {@link StepExecutionRequestHandler} execute it; as the partition step's listener it
 * knows the partitions under way here, so that a shutdown ends each after its current
 * chunk ({@link #stop}).
 * <p>
 * A request for a partition that is no longer waiting ({@code STARTING}) — one the
 * manager ended meanwhile, or a stale message of an earlier run — is dropped: Spring
 * Batch's handler would run even a completed partition again. A request taken while this
 * worker shuts down, or that cannot be read for a passing database fault, goes back to
 * the channel for another worker.
 */
public class WorkerPartitions implements StepExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(WorkerPartitions.class);

	private final JobRepository jobRepository;

	private final Workers workers;

	private final String workerId;

	private final StepExecutionRequestHandler handler;

	private final MessageChannel requests;

	private final Set<StepExecution> running = ConcurrentHashMap.newKeySet();

	private volatile boolean stopping;

	public WorkerPartitions(JobRepository jobRepository, Workers workers, String workerId,
			StepExecutionRequestHandler handler, MessageChannel requests) {
		this.jobRepository = jobRepository;
		this.workers = workers;
		this.workerId = workerId;
		this.handler = handler;
		this.requests = requests;
	}

	/** Executes the partition a request names, if it still waits for a worker. */
	public @Nullable StepExecution handle(Message<StepExecutionRequest> message) {
		StepExecutionRequest request = message.getPayload();
		if (this.stopping) {
			requeue(message, "this worker is shutting down");
			return null;
		}
		StepExecution partition;
		try {
			partition = this.jobRepository.getStepExecution(request.getStepExecutionId());
		}
		catch (org.springframework.dao.EmptyResultDataAccessException ex) {
			partition = null;
		}
		catch (DataAccessException ex) {
			requeue(message, "the job repository cannot be read: " + ex.getMostSpecificCause().getMessage());
			return null;
		}
		if (partition == null || partition.getStatus() != BatchStatus.STARTING) {
			logger.info("Dropped the request for step execution {} ({}): it is {}", request.getStepExecutionId(),
					request.getStepName(), (partition != null) ? partition.getStatus() : "gone");
			return null;
		}
		this.workers.claim(partition.getId(), this.workerId);
		logger.info("Executing {} of run {}", partition.getStepName(), partition.getJobExecutionId());
		StepExecution executed;
		try {
			executed = this.handler.handle(request);
		}
		catch (RuntimeException ex) {
			// it never started (the manager ended it meanwhile, or the repository failed)
			this.workers.release(partition.getId());
			throw ex;
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

	private void requeue(Message<StepExecutionRequest> message, String why) {
		logger.info("Handing the request for {} back to the channel: {}", message.getPayload().getStepName(), why);
		this.requests.send(message);
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
	 * Takes no more requests and ends each partition under way after its current chunk
	 * (it ends STOPPED; the run's next start resumes it), waiting for them at most
	 * {@code timeout}.
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
		while (!this.running.isEmpty() && System.nanoTime() < deadline) {
			TimeUnit.MILLISECONDS.sleep(100);
		}
		return this.running.isEmpty();
	}

	/** How many partitions are under way here. */
	public int running() {
		return this.running.size();
	}

}
