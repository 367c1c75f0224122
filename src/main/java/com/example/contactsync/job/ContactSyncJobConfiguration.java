package com.example.contactsync.job;

import java.time.Clock;
import java.time.LocalDate;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.interceptor.DefaultTransactionAttribute;

import com.example.contactsync.capture.Capture;
import com.example.contactsync.capture.CaptureTasklet;
import com.example.contactsync.capture.SourceProperties;
import com.example.contactsync.change.ContactChange;
import com.example.contactsync.change.ContactChangeRepository;
import com.example.contactsync.change.RateLimitedCalls;
import com.example.contactsync.change.RunScope;
import com.example.contactsync.dustess.DustessClient;

/**
 * Wires {@value #JOB_NAME}: one chunk-oriented step that reads pending changes, prepares
 * their entries and sends each chunk in one {@code batchEditCustomer} call.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ContactSyncProperties.class, SourceProperties.class })
public class ContactSyncJobConfiguration {

	/** The job's name in Spring Batch's tables. */
	public static final String JOB_NAME = "contactSyncJob";

	/**
	 * The step's name in Spring Batch's tables: the manager step, which splits the run
	 * into partitions and sums their counts.
	 */
	public static final String STEP_NAME = "syncContactChanges";

	/**
	 * The name of a partition's step in Spring Batch's tables, followed by
	 * {@code :partition<i>of<n>}.
	 */
	public static final String PARTITION_STEP_NAME = "syncContactChangesPartition";

	/**
	 * The name of the bean, if any, that listens to every partition's step (a remote
	 * worker's {@code WorkerPartitions}).
	 */
	public static final String PARTITION_LISTENER = "partitionStepListener";

	/** The capture step's name in Spring Batch's tables (source mode). */
	public static final String CAPTURE_STEP_NAME = "captureContactChanges";

	/** The identifying job parameter: the run date. */
	public static final String RUN_DATE_PARAMETER = "runDate";

	/** The job parameters that identify the run of a date. */
	public static JobParameters parameters(LocalDate date) {
		return new JobParametersBuilder().addLocalDate(RUN_DATE_PARAMETER, date).toJobParameters();
	}

	/**
	 * Spring Batch's job repository, its own updates tried again across a short database
	 * outage ({@link OutageTolerantJobRepository},
	 * {@code contact-sync.run.database-wait}).
	 */
	@Bean
	static BeanPostProcessor outageTolerantJobRepository(ObjectProvider<ContactSyncProperties> properties) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof JobRepository repository)
						? OutageTolerantJobRepository.wrap(repository, properties.getObject().run().databaseWait())
						: bean;
			}
		};
	}

	@Bean
	ContactChangeRepository contactChangeRepository(JdbcTemplate jdbcTemplate) {
		return new ContactChangeRepository(jdbcTemplate);
	}

	@Bean
	RateLimitedCalls rateLimitedCalls(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager) {
		return new RateLimitedCalls(jdbcTemplate, transactionManager);
	}

	/**
	 * The job: the sync step, preceded in source mode
	 * ({@code contact-sync.source.relation}) by the capture step. Each step restarts on
	 * its own: a restart of a run whose sync failed does not capture again.
	 */
	@Bean
	Job contactSyncJob(JobRepository jobRepository, Step syncContactChanges, ContactChangeRepository changes,
			ContactPartitions contactPartitions, RunProgress.Registry runProgresses, DustessClient dustessClient,
			SourceProperties source, Capture capture, PlatformTransactionManager transactionManager) {
		RunScopeListener scope = new RunScopeListener(changes, jobRepository);
		var job = new JobBuilder(JOB_NAME, jobRepository).listener(new CredentialsCheck(dustessClient))
			.listener(new FailureDescriptions(jobRepository))
			.listener(runProgresses)
			.listener(new SplitCleanup(contactPartitions));
		if (!source.enabled()) {
			return job.listener(scope).start(syncContactChanges).build();
		}
		DefaultTransactionAttribute snapshot = new DefaultTransactionAttribute();
		snapshot.setIsolationLevel(Capture.SNAPSHOT);
		Step captureStep = new StepBuilder(CAPTURE_STEP_NAME, jobRepository)
			.tasklet(new CaptureTasklet(capture), transactionManager)
			.transactionAttribute(snapshot)
			.listener(scope)
			.build();
		return job.start(captureStep).next(syncContactChanges).build();
	}

	@Bean
	Capture capture(JdbcTemplate jdbcTemplate, SourceProperties source, PlatformTransactionManager transactionManager) {
		return new Capture(jdbcTemplate, source, transactionManager);
	}

	/**
	 * The manager step: splits the run into {@code contact-sync.concurrency} partitions
	 * by contact and runs them side by side, each a {@link #chunkStep chunk step} of its
	 * own. A restart keeps the grid size of the first start and runs only the partitions
	 * that did not complete. With {@code contact-sync.partitioning=remote} the manager
	 * step of {@code RemotePartitioningConfiguration} takes its place.
	 */
	@Bean
	@ConditionalOnProperty(name = "contact-sync.partitioning", havingValue = "local", matchIfMissing = true)
	Step syncContactChanges(JobRepository jobRepository, ContactSyncProperties properties,
			Partitioner contactPartitioner, Step syncContactChangesPartition) {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("contact-sync-partition-");
		executor.setConcurrencyLimit(properties.concurrency());
		return new StepBuilder(STEP_NAME, jobRepository).partitioner(PARTITION_STEP_NAME, contactPartitioner)
			.step(syncContactChangesPartition)
			.gridSize(properties.concurrency())
			.taskExecutor(executor)
			.build();
	}

	@Bean
	Step syncContactChangesPartition(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ContactSyncProperties properties, JdbcPagingItemReader<ContactChange> pendingChangesReader,
			PrepareChangeProcessor prepareChangeProcessor, BatchEditCustomerWriter batchEditCustomerWriter,
			@Qualifier(PARTITION_LISTENER) ObjectProvider<StepExecutionListener> partitionListener) {
		return chunkStep(PARTITION_STEP_NAME, jobRepository, transactionManager, properties.chunkSize(),
				pendingChangesReader, prepareChangeProcessor, batchEditCustomerWriter,
				partitionListener.stream().toArray(StepExecutionListener[]::new));
	}

	@Bean
	@StepScope
	ContactPartitioner contactPartitioner(ContactPartitions contactPartitions,
			@Value("#{stepExecution.jobExecution}") JobExecution jobExecution) {
		return new ContactPartitioner(contactPartitions, jobExecution.getJobInstanceId(),
				RunScopeListener.scopeOf(jobExecution));
	}

	@Bean
	ContactPartitions contactPartitions(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager) {
		return new ContactPartitions(jdbcTemplate, new TransactionTemplate(transactionManager));
	}

	@Bean
	RunProgress.Registry runProgresses() {
		return new RunProgress.Registry();
	}

	/**
	 * The sync's chunk-oriented step, for the job and for the dry run alike: read a chunk
	 * of pending changes, prepare each, hand the chunk to the writer, commit.
	 */
	static Step chunkStep(String name, JobRepository jobRepository, PlatformTransactionManager transactionManager,
			int chunkSize, ItemReader<ContactChange> reader, PrepareChangeProcessor processor,
			ItemWriter<PreparedChange> writer, StepExecutionListener... listeners) {
		var builder = new StepBuilder(name, jobRepository).<ContactChange, PreparedChange>chunk(chunkSize)
			.transactionManager(transactionManager)
			.reader(reader)
			.processor(processor)
			.writer(writer);
		for (StepExecutionListener listener : listeners) {
			builder.listener(listener);
		}
		return builder.build();
	}

	@Bean
	DryRun dryRun(DataSource dataSource, ContactChangeRepository contactChangeRepository,
			PrepareChangeProcessor prepareChangeProcessor, ContactSyncProperties contactSyncProperties,
			JsonMapper jsonMapper, ContactPartitions contactPartitions, JobRepository jobRepository) {
		return new DryRun(dataSource, contactChangeRepository, prepareChangeProcessor, contactSyncProperties,
				jsonMapper, contactPartitions, jobRepository);
	}

	@Bean
	@StepScope
	JdbcPagingItemReader<ContactChange> pendingChangesReader(DataSource dataSource, ContactSyncProperties properties,
			@Value("#{stepExecution}") StepExecution stepExecution) {
		RunScope scope = RunScopeListener.scopeOf(stepExecution.getJobExecution());
		ContactPartitioner.Partition partition = ContactPartitioner.of(stepExecution.getStepName());
		return partition.split()
				? PendingChanges.reader(dataSource, scope, properties.chunkSize(),
						stepExecution.getJobExecution().getJobInstanceId(), partition.number())
				: PendingChanges.reader(dataSource, scope, properties.chunkSize());
	}

	@Bean
	SyncMetrics syncMetrics(MeterRegistry meterRegistry) {
		return new SyncMetrics(meterRegistry);
	}

	@Bean
	PrepareChangeProcessor prepareChangeProcessor(JsonMapper jsonMapper) {
		return new PrepareChangeProcessor(new CustomerEntryFactory(jsonMapper, Clock.systemDefaultZone()));
	}

	@Bean
	@StepScope
	BatchEditCustomerWriter batchEditCustomerWriter(DustessClient dustessClient, ContactChangeRepository changes,
			PrepareChangeProcessor prepareChangeProcessor, ContactSyncProperties properties, SyncMetrics syncMetrics,
			RunProgress.Registry runProgresses, @Value("#{stepExecution}") StepExecution stepExecution,
			JdbcTemplate jdbcTemplate, RateLimitedCalls rateLimitedCalls,
			ObjectProvider<PartitionFence> partitionFence) {
		RunScope scope = RunScopeListener.scopeOf(stepExecution.getJobExecution());
		// a remote worker executes a share of the run, unknown in advance: its line has
		// no total (the manager logs the run's)
		RunProgress progress = runProgresses.of(stepExecution.getJobExecutionId(),
				() -> new RunProgress(properties.worker() ? -1 : changes.countInScope(scope),
						properties.progressInterval(), System::nanoTime));
		return new BatchEditCustomerWriter(dustessClient, new ChunkAssembler(prepareChangeProcessor), changes,
				properties, stepExecution, scope, progress, syncMetrics, new StopRequests(jdbcTemplate),
				rateLimitedCalls, partitionFence.getIfAvailable(() -> PartitionFence.NONE));
	}

}
