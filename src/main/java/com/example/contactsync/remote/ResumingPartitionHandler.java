package com.example.contactsync.remote;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.StepExecutionAggregator;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.partition.support.DefaultStepExecutionAggregator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.dao.DataAccessException;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.transaction.TransactionException;

import com.example.contactsync.job.ContactPartitioner;
import com.example.contactsync.job.ContactSyncProperties;

/**
 * The manager's side of remote partitioning: sends a request per partition through the
 * channel, polls the job repository until every partition has ended, and resumes within
 * the same run each partition that did not end by its own fault:
 * <ul>
 * <li>one lost with its worker (ended FAILED by {@link LostPartitions}: killed, paused or
 * cut off from the database past {@code lost-after}) — at most
 * {@code contact-sync.remote.max-resumes} times per partition;</li>
 * <li>one a worker handed back when it was told to shut down (SIGTERM, a rolling
 * restart): ended STOPPED while the run was not asked to stop;</li>
 * <li>one a worker took and never started (ended STOPPED by {@link LostPartitions}),
 * counted as a loss.</li>
 * </ul>
 * A partition is resumed as Spring Batch restarts one: a new step execution of the same
 * name with the execution context of the one that ended, sent as a new request that any
 * worker alive takes; the one that ended stays in the history with why it ended. A
 * partition that failed by its own fault (the API refused the credentials, a bug) is not
 * resumed, nor is any partition once the run was asked to stop.
 * <p>
 * Spring Batch's {@code MessageChannelPartitionHandler} sends and polls the same way but
 * waits for every partition before it returns, so a partition could be resumed only after
 * all the others ended.
 */
public record ResumingPartitionHandler(JobRepository jobRepository, MessageChannel requests, String partitionStepName,
		int gridSize, ContactSyncProperties.Remote remote, LongPredicate lost,
		LongSupplier nanoClock) implements PartitionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ResumingPartitionHandler.class);

	@Override
	public Collection<StepExecution> handle(StepExecutionSplitter splitter, StepExecution managerStep)
			throws Exception {
		long deadline = this.nanoClock.getAsLong() + this.remote.timeout().toNanos();
		// each partition's step execution under way, by the partition's name
		Map<String, Long> waiting = new LinkedHashMap<>();
		for (StepExecution partition : splitter.split(managerStep, this.gridSize)) {
			send(partition);
			waiting.put(partition.getStepName(), partition.getId());
		}
		List<StepExecution> ended = new ArrayList<>();
		Map<String, Integer> resumes = new HashMap<>();
		while (!waiting.isEmpty()) {
			if (this.nanoClock.getAsLong() - deadline > 0) {
				throw new TimeoutException("Partitions " + waiting.keySet() + " did not end within "
						+ "contact-sync.remote.timeout (" + this.remote.timeout() + ")");
			}
			TimeUnit.MILLISECONDS.sleep(this.remote.pollInterval().toMillis());
			try {
				poll(managerStep, waiting, ended, resumes);
			}
			catch (DataAccessException | TransactionException ex) {
				// the database is out of reach: the partitions go on; look again next
				// time
				logger.warn("Could not look at the partitions of run {}: {}", managerStep.getJobExecutionId(),
						ex.getMessage());
			}
		}
		return ended;
	}

	/**
	 * Looks once at the partitions waited for: each that ended is done with, or resumed.
	 */
	private void poll(StepExecution managerStep, Map<String, Long> waiting, List<StepExecution> ended,
			Map<String, Integer> resumes) {
		JobExecution job = this.jobRepository.getJobExecution(managerStep.getJobExecutionId());
		boolean stopping = job.getStatus() == BatchStatus.STOPPING || job.getStatus() == BatchStatus.STOPPED;
		for (StepExecution partition : job.getStepExecutions()) {
			if (!waiting.containsValue(partition.getId()) || partition.getStatus().isRunning()) {
				continue;
			}
			String name = partition.getStepName();
			String why = resumable(partition, stopping, resumes.getOrDefault(name, 0));
			if (why != null) {
				// if this fails, the partition is still waited for and tried again
				StepExecution resumed = resume(partition, managerStep.getJobExecution());
				resumes.merge(name, this.lost.test(partition.getId()) ? 1 : 0, Integer::sum);
				logger.warn(
						"Resuming {} of run {} on the workers alive (step execution {}, from the last chunk "
								+ "step execution {} committed): {}",
						shortName(name), job.getId(), resumed.getId(), partition.getId(), why);
				waiting.put(name, resumed.getId());
			}
			else {
				waiting.remove(name);
			}
			ended.add(partition);
		}
	}

	/**
	 * Why a partition that ended is to be resumed, or {@code null} if it is not.
	 * @param resumes how many times it was resumed after a loss in this run
	 */
	private String resumable(StepExecution partition, boolean stopping, int resumes) {
		if (stopping) {
			return null;
		}
		boolean lostOne = this.lost.test(partition.getId());
		if (partition.getStatus() == BatchStatus.STOPPED && !lostOne) {
			// stopped by its worker's shutdown, or by a stop of the run that came after
			// the run's status was read: read it again
			BatchStatus run = this.jobRepository.getJobExecution(partition.getJobExecutionId()).getStatus();
			return (run == BatchStatus.STOPPING || run == BatchStatus.STOPPED) ? null
					: "its worker handed it back as it shut down";
		}
		if (!lostOne || (partition.getStatus() != BatchStatus.FAILED && partition.getStatus() != BatchStatus.STOPPED)) {
			return null;
		}
		if (resumes >= this.remote.maxResumes()) {
			logger.error("{} of run {} was lost with its worker {} times; it is not resumed again "
					+ "(contact-sync.remote.max-resumes={}): the run does not complete, and 'run' resumes it later",
					shortName(partition.getStepName()), partition.getJobExecutionId(), resumes + 1,
					this.remote.maxResumes());
			return null;
		}
		return (partition.getStatus() == BatchStatus.STOPPED) ? "the worker that took it never started it"
				: "its worker was lost";
	}

	/**
	 * A new execution of the partition with the context the one that ended committed
	 * last, and its request. (Spring Batch's repository creates an execution in a
	 * transaction of its own, as its splitter does: if the database fails in between, the
	 * partition is resumed again at the next look, and the execution left behind never
	 * ran.)
	 */
	private StepExecution resume(StepExecution ended, JobExecution job) {
		StepExecution last = this.jobRepository.getStepExecution(ended.getId());
		StepExecution resumed = this.jobRepository.createStepExecution(ended.getStepName(), job);
		resumed.setExecutionContext((last != null) ? last.getExecutionContext() : ended.getExecutionContext());
		this.jobRepository.updateExecutionContext(resumed);
		send(resumed);
		return resumed;
	}

	private void send(StepExecution partition) {
		this.requests
			.send(MessageBuilder.withPayload(new StepExecutionRequest(this.partitionStepName, partition.getId()))
				.build());
	}

	private static String shortName(String stepName) {
		return stepName.substring(stepName.indexOf(':') + 1);
	}

	/**
	 * The manager step's aggregator: counts summed over every execution of every
	 * partition, the status and exit status of each partition's last execution only (a
	 * lost execution that was resumed and completed does not fail the run).
	 */
	public static StepExecutionAggregator aggregator() {
		DefaultStepExecutionAggregator counts = new DefaultStepExecutionAggregator();
		return (result, executions) -> {
			BatchStatus status = result.getStatus();
			ExitStatus exitStatus = result.getExitStatus();
			counts.aggregate(result, executions);
			result.setStatus(status);
			result.setExitStatus(exitStatus);
			for (StepExecution execution : ContactPartitioner.lastOfEach(executions)) {
				result.setStatus(BatchStatus.max(result.getStatus(), execution.getStatus()));
				result.setExitStatus(result.getExitStatus().and(execution.getExitStatus()));
			}
		};
	}

}
