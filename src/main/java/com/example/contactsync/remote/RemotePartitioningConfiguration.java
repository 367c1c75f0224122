package com.example.contactsync.remote;

import java.util.concurrent.ThreadPoolExecutor;

import javax.sql.DataSource;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.integration.config.annotation.EnableBatchIntegration;
import org.springframework.batch.integration.partition.BeanFactoryStepLocator;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.Pollers;
import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;
import org.springframework.integration.jdbc.store.channel.PostgresChannelMessageStoreQueryProvider;
import org.springframework.integration.store.MessageGroupQueue;
import org.springframework.integration.core.MessageSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

import com.example.contactsync.change.ContactChangeRepository;
import com.example.contactsync.dustess.DustessProperties;
import com.example.contactsync.job.ContactSyncJobConfiguration;
import com.example.contactsync.job.ContactSyncProperties;
import com.example.contactsync.job.RunProgress;
import com.example.contactsync.operations.SyncRunner;
import com.example.contactsync.system.Databases;
import com.example.contactsync.system.InvalidConfigurationException;

/**
 * Wires remote partitioning ({@code contact-sync.partitioning=remote}): the manager step
 * that sends each partition of a run as a request through {@code partitionRequests} — a
 * Spring Integration queue kept in PostgreSQL ({@link JdbcChannelMessageStore}) — and
 * polls the job repository for their outcome; and, in a {@code worker} process, the flow
 * that takes requests from that queue and executes them with the same partition step as
 * local partitioning. Spring Integration runs in remote mode only
 * ({@link EnableBatchIntegration}); local runs do without it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "contact-sync.partitioning", havingValue = "remote")
@EnableBatchIntegration
public class RemotePartitioningConfiguration {

	/** The channel message store's region: this application's rows of its table. */
	static final String REGION = "contact-sync";

	/** The message group of the partition requests. */
	static final String REQUESTS = "contact-sync-partition-requests";

	@Bean
	JdbcChannelMessageStore partitionRequestStore(DataSource dataSource) {
		requirePostgreSql(new JdbcTemplate(dataSource));
		JdbcChannelMessageStore store = new JdbcChannelMessageStore(dataSource);
		store.setChannelMessageStoreQueryProvider(new PostgresChannelMessageStoreQueryProvider());
		store.setRegion(REGION);
		// only what a partition request is made of may be deserialized from the table
		store.addAllowedPatterns("org.springframework.messaging.support.GenericMessage",
				"org.springframework.messaging.MessageHeaders", "java.util.HashMap", "java.util.UUID",
				"org.springframework.batch.integration.partition.StepExecutionRequest");
		return store;
	}

	private static void requirePostgreSql(JdbcTemplate jdbcTemplate) {
		String database = Databases.productName(jdbcTemplate);
		if (!Databases.isPostgres(database)) {
			throw new InvalidConfigurationException(
					"contact-sync.partitioning=remote needs PostgreSQL: the manager and "
							+ "its workers share the run through the database, which here is " + database
							+ " (the embedded default serves one process). Set SPRING_DATASOURCE_URL to a PostgreSQL database "
							+ "reachable from every machine, or leave contact-sync.partitioning at local.");
		}
	}

	/** The queue of partition requests, in {@code INT_CHANNEL_MESSAGE}. */
	@Bean
	QueueChannel partitionRequests(JdbcChannelMessageStore partitionRequestStore) {
		return new QueueChannel(new MessageGroupQueue(partitionRequestStore, REQUESTS));
	}

	@Bean
	Workers workers(JdbcTemplate jdbcTemplate) {
		return new Workers(jdbcTemplate);
	}

	/**
	 * For {@code recover}: the partitions of a run whose manager died that live workers
	 * still execute.
	 */
	@Bean
	SyncRunner.PartitionsInFlight partitionsInFlight(Workers workers, JobRepository jobRepository,
			ContactSyncProperties properties) {
		return (execution) -> workers.executing(jobRepository.getJobExecution(execution.getId()),
				properties.remote().lostAfter());
	}

	/**
	 * The manager step: splits the run as local partitioning does, sends one request per
	 * partition that has not completed, and polls the job repository until every
	 * partition has ended — resuming within the run a partition lost with its worker or
	 * handed back by one that shut down ({@link ResumingPartitionHandler}), watched by
	 * {@link LostPartitions}, bounded by {@code contact-sync.remote.timeout}.
	 */
	@Bean
	Step syncContactChanges(JobRepository jobRepository, ContactSyncProperties properties,
			Partitioner contactPartitioner, QueueChannel partitionRequests, Workers workers, JdbcTemplate jdbcTemplate,
			ContactChangeRepository changes, RunProgress.Registry runProgresses) {
		ContactSyncProperties.Remote remote = properties.remote();
		LostPartitions lostPartitions = new LostPartitions(jobRepository, workers, remote, System::nanoTime,
				RunProgress.fromDatabase(runProgresses, jdbcTemplate, changes, properties.progressInterval()));
		return new StepBuilder(ContactSyncJobConfiguration.STEP_NAME, jobRepository)
			.partitioner(ContactSyncJobConfiguration.PARTITION_STEP_NAME, contactPartitioner)
			.partitionHandler(new ResumingPartitionHandler(jobRepository, partitionRequests,
					ContactSyncJobConfiguration.PARTITION_STEP_NAME, properties.concurrency(), remote,
					lostPartitions::wasLost, System::nanoTime))
			.aggregator(ResumingPartitionHandler.aggregator())
			.listener(lostPartitions)
			.build();
	}

	/**
	 * A worker's part ({@code contact-sync worker}): its heartbeat, and the flow that
	 * takes up to {@code contact-sync.concurrency} partitions at a time from the queue,
	 * no more than its fair share ({@link WorkerPartitions#take}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("contact-sync.worker")
	static class WorkerConfiguration {

		@Bean
		WorkerHeartbeat workerHeartbeat(Workers workers, ContactSyncProperties properties) {
			return new WorkerHeartbeat(workers, properties.remote().heartbeatInterval());
		}

		@Bean(ContactSyncJobConfiguration.PARTITION_LISTENER)
		WorkerPartitions workerPartitions(JobRepository jobRepository, Workers workers, WorkerHeartbeat workerHeartbeat,
				BeanFactory beanFactory, QueueChannel partitionRequests, PlatformTransactionManager transactionManager,
				ContactSyncProperties properties, DustessProperties dustess) {
			BeanFactoryStepLocator stepLocator = new BeanFactoryStepLocator();
			stepLocator.setBeanFactory(beanFactory);
			StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
			handler.setJobRepository(jobRepository);
			handler.setStepLocator(stepLocator);
			return new WorkerPartitions(jobRepository, workers, workerHeartbeat.id(), handler, partitionRequests,
					transactionManager, properties.remote().lostAfter(), dustess.longestSilenceOfACall());
		}

		/**
		 * One thread per partition under way; a poll while all are busy is dropped before
		 * it takes a request, so a busy worker leaves requests to the others.
		 */
		@Bean
		ThreadPoolTaskExecutor partitionWorkerExecutor(ContactSyncProperties properties) {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(properties.concurrency());
			executor.setMaxPoolSize(properties.concurrency());
			executor.setQueueCapacity(0);
			executor.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardPolicy());
			executor.setThreadNamePrefix("contact-sync-worker-");
			return executor;
		}

		@Bean
		IntegrationFlow partitionWorkerFlow(QueueChannel partitionRequests, WorkerPartitions workerPartitions,
				ThreadPoolTaskExecutor partitionWorkerExecutor, ContactSyncProperties properties) {
			MessageSource<StepExecutionRequest> takeAndClaim = workerPartitions::take;
			return IntegrationFlow.from(takeAndClaim,
					(endpoint) -> endpoint.poller(Pollers.fixedDelay(properties.remote().pollInterval())
						.maxMessagesPerPoll(1)
						.taskExecutor(partitionWorkerExecutor)))
				.handle(workerPartitions, "handle")
				.nullChannel();
		}

	}

}
