package com.example.contactsync.remote;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.partition.StepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.messaging.Message;

import com.example.contactsync.job.ContactSyncProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ResumingPartitionHandler} against a real job repository (Spring Batch's JDBC
 * one, on H2), the workers played by this test: it takes each request from the channel
 * and ends the partition as scripted — a partition lost with its worker is resumed with
 * its last committed context, at most {@code max-resumes} times; one handed back by a
 * worker that shut down is resumed whatever the bound; one that failed by its own fault,
 * or any once the run is stopping, is not.
 */
class ResumingPartitionHandlerTests {

	private EmbeddedDatabase database;

	private JobRepository repository;

	private final QueueChannel requests = new QueueChannel();

	private final Set<Long> lost = ConcurrentHashMap.newKeySet();

	private JobExecution job;

	private StepExecution manager;

	/** How each partition's executions end, in turn: a status, LOST or LET_GO. */
	private final Map<String, Deque<String>> script = new HashMap<>();

	@BeforeEach
	void setUp() throws Exception {
		this.database = new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2)
			.generateUniqueName(true)
			.addScript("/org/springframework/batch/core/schema-h2.sql")
			.build();
		JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
		factory.setDataSource(this.database);
		factory.setTransactionManager(new JdbcTransactionManager(this.database));
		factory.afterPropertiesSet();
		this.repository = factory.getObject();
		JobInstance instance = this.repository.createJobInstance("contactSyncJob", new JobParameters());
		this.job = this.repository.createJobExecution(instance, new JobParameters(), new ExecutionContext());
		this.job.setStatus(BatchStatus.STARTED);
		this.job.setStartTime(LocalDateTime.now());
		this.repository.update(this.job);
		this.manager = this.repository.createStepExecution("syncContactChanges", this.job);
	}

	@AfterEach
	void tearDown() {
		this.database.shutdown();
	}

	@Test
	void aPartitionLostWithItsWorkerIsResumedFromItsLastContextAndTheRunCompletes() throws Exception {
		script("partition0", "LOST", "COMPLETED");
		script("partition1", "COMPLETED");

		Collection<StepExecution> ended = handle(2);

		assertThat(ended).hasSize(3);
		assertThat(statuses("partition0")).containsExactly(BatchStatus.FAILED, BatchStatus.COMPLETED);
		// the resumed execution starts from the context the lost one committed last
		assertThat(executions("partition0").get(1).getExecutionContext().getInt("committed")).isEqualTo(1);
		assertThat(aggregate(ended).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(aggregate(ended).getWriteCount()).as("counts of every execution").isEqualTo(3 * 5);
	}

	@Test
	void aPartitionLostMoreOftenThanMaxResumesEndsTheRunFailed() throws Exception {
		script("partition0", "LOST", "LOST", "COMPLETED");
		script("partition1", "COMPLETED");

		Collection<StepExecution> ended = handle(1);

		assertThat(statuses("partition0")).containsExactly(BatchStatus.FAILED, BatchStatus.FAILED);
		assertThat(aggregate(ended).getStatus()).isEqualTo(BatchStatus.FAILED);
	}

	@Test
	void aPartitionThatFailedByItsOwnFaultIsNotResumed() throws Exception {
		script("partition0", "FAILED", "COMPLETED");
		script("partition1", "COMPLETED");

		Collection<StepExecution> ended = handle(2);

		assertThat(statuses("partition0")).containsExactly(BatchStatus.FAILED);
		assertThat(aggregate(ended).getStatus()).isEqualTo(BatchStatus.FAILED);
	}

	@Test
	void aPartitionHandedBackByWorkersThatShutDownIsResumedWhateverTheBound() throws Exception {
		script("partition0", "STOPPED", "STOPPED", "STOPPED", "COMPLETED");
		script("partition1", "COMPLETED");

		Collection<StepExecution> ended = handle(0);

		assertThat(statuses("partition0")).containsExactly(BatchStatus.STOPPED, BatchStatus.STOPPED,
				BatchStatus.STOPPED, BatchStatus.COMPLETED);
		assertThat(aggregate(ended).getStatus()).isEqualTo(BatchStatus.COMPLETED);
	}

	@Test
	void aPartitionAWorkerTookAndNeverStartedCountsAsLost() throws Exception {
		script("partition0", "LET_GO", "LET_GO", "COMPLETED");
		script("partition1", "COMPLETED");

		Collection<StepExecution> ended = handle(1);

		assertThat(statuses("partition0")).containsExactly(BatchStatus.STOPPED, BatchStatus.STOPPED);
		assertThat(aggregate(ended).getStatus()).isEqualTo(BatchStatus.STOPPED);
	}

	@Test
	void nothingIsResumedOnceTheRunWasAskedToStop() throws Exception {
		this.job.setStatus(BatchStatus.STOPPING);
		this.repository.update(this.job);
		script("partition0", "STOPPED", "COMPLETED");
		script("partition1", "LOST", "COMPLETED");

		Collection<StepExecution> ended = handle(2);

		assertThat(ended).hasSize(2);
		assertThat(statuses("partition0")).containsExactly(BatchStatus.STOPPED);
		assertThat(statuses("partition1")).containsExactly(BatchStatus.FAILED);
	}

	private void script(String partition, String... outcomes) {
		this.script.put("syncContactChangesPartition:" + partition, new ArrayDeque<>(List.of(outcomes)));
	}

	/**
	 * Runs the handler over partitions 0 and 1 while this thread plays the workers, until
	 * the handler returns.
	 */
	private Collection<StepExecution> handle(int maxResumes) throws Exception {
		ResumingPartitionHandler handler = new ResumingPartitionHandler(this.repository, this.requests,
				"syncContactChangesPartition", 2, new ContactSyncProperties.Remote(Duration.ofMillis(10),
						Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(1), maxResumes),
				this.lost::contains, System::nanoTime);
		StepExecutionSplitter splitter = new StepExecutionSplitter() {

			@Override
			public String getStepName() {
				return "syncContactChangesPartition";
			}

			@Override
			public Set<StepExecution> split(StepExecution stepExecution, int gridSize) {
				return Set.of(create("partition0"), create("partition1"));
			}

		};
		CompletableFuture<Collection<StepExecution>> handled = CompletableFuture.supplyAsync(() -> {
			try {
				return handler.handle(splitter, this.manager);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		while (!handled.isDone()) {
			Message<?> request = this.requests.receive(20);
			if (request != null) {
				execute((StepExecutionRequest) request.getPayload());
			}
		}
		return handled.get(10, TimeUnit.SECONDS);
	}

	private StepExecution create(String partition) {
		StepExecution execution = this.repository.createStepExecution("syncContactChangesPartition:" + partition,
				this.job);
		this.repository.updateExecutionContext(execution);
		return execution;
	}

	/** A worker's execution: one chunk committed (its context), then the scripted end. */
	private void execute(StepExecutionRequest request) {
		StepExecution partition = this.repository.getStepExecution(request.getStepExecutionId());
		assertThat(partition.getStatus()).isEqualTo(BatchStatus.STARTING);
		partition.setStatus(BatchStatus.STARTED);
		partition.setStartTime(LocalDateTime.now());
		partition.getExecutionContext().putInt("committed", 1);
		partition.setWriteCount(5);
		this.repository.updateExecutionContext(partition);
		String outcome = this.script.get(partition.getStepName()).poll();
		if ("LOST".equals(outcome)) {
			this.lost.add(partition.getId());
			outcome = "FAILED";
		}
		else if ("LET_GO".equals(outcome)) {
			// as LostPartitions ends a partition claimed and never started
			this.lost.add(partition.getId());
			outcome = "STOPPED";
		}
		partition.setStatus(BatchStatus.valueOf(outcome));
		partition.setExitStatus(new ExitStatus(outcome));
		partition.setEndTime(LocalDateTime.now());
		this.repository.update(partition);
	}

	private List<StepExecution> executions(String partition) {
		return this.repository.getJobExecution(this.job.getId())
			.getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().equals("syncContactChangesPartition:" + partition))
			.sorted(java.util.Comparator.comparing(StepExecution::getId))
			.map((step) -> this.repository.getStepExecution(step.getId()))
			.toList();
	}

	private List<BatchStatus> statuses(String partition) {
		return executions(partition).stream().map(StepExecution::getStatus).toList();
	}

	private StepExecution aggregate(Collection<StepExecution> ended) {
		StepExecution result = new StepExecution("syncContactChanges", this.job);
		result.setStatus(BatchStatus.COMPLETED);
		ResumingPartitionHandler.aggregator().aggregate(result, ended);
		return result;
	}

}
