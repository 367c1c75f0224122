package com.example.contactsync.job;

import java.time.Clock;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemReader;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.example.contactsync.change.ContactChange;
import com.example.contactsync.change.ContactChangeRepository;
import com.example.contactsync.change.RunScope;
import com.example.contactsync.change.SyncOutcomeRepository;
import com.example.contactsync.dustess.DustessClient;

/**
 * Wires {@value #JOB_NAME}: one chunk-oriented step that reads pending changes, prepares
 * their entries and sends each chunk in one {@code batchEditCustomer} call.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ContactSyncProperties.class)
public class ContactSyncJobConfiguration {

	/** The job's name in Spring Batch's tables. */
	public static final String JOB_NAME = "contactSyncJob";

	/** The step's name in Spring Batch's tables. */
	public static final String STEP_NAME = "syncContactChanges";

	/** The identifying job parameter: the run date. */
	public static final String RUN_DATE_PARAMETER = "runDate";

	@Bean
	ContactChangeRepository contactChangeRepository(JdbcTemplate jdbcTemplate) {
		return new ContactChangeRepository(jdbcTemplate);
	}

	@Bean
	SyncOutcomeRepository syncOutcomeRepository(JdbcTemplate jdbcTemplate) {
		return new SyncOutcomeRepository(jdbcTemplate);
	}

	@Bean
	Job contactSyncJob(JobRepository jobRepository, Step syncContactChanges, ContactChangeRepository changes) {
		return new JobBuilder(JOB_NAME, jobRepository).listener(new RunScopeListener(changes, jobRepository))
			.listener(new FailureDescriptions())
			.start(syncContactChanges)
			.build();
	}

	@Bean
	Step syncContactChanges(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ContactSyncProperties properties, JdbcPagingItemReader<ContactChange> pendingChangesReader,
			PrepareChangeProcessor prepareChangeProcessor, BatchEditCustomerWriter batchEditCustomerWriter) {
		return chunkStep(jobRepository, transactionManager, properties.chunkSize(), pendingChangesReader,
				prepareChangeProcessor, batchEditCustomerWriter);
	}

	/**
	 * The sync's chunk-oriented step, for the job and for the dry run alike: read a chunk
	 * of pending changes, prepare each, hand the chunk to the writer, commit.
	 */
	static Step chunkStep(JobRepository jobRepository, PlatformTransactionManager transactionManager, int chunkSize,
			ItemReader<ContactChange> reader, PrepareChangeProcessor processor, ItemWriter<PreparedChange> writer) {
		return new StepBuilder(STEP_NAME, jobRepository).<ContactChange, PreparedChange>chunk(chunkSize)
			.transactionManager(transactionManager)
			.reader(reader)
			.processor(processor)
			.writer(writer)
			.listener(new FailureDescriptions())
			.build();
	}

	@Bean
	DryRun dryRun(DataSource dataSource, ContactChangeRepository contactChangeRepository,
			PrepareChangeProcessor prepareChangeProcessor, ContactSyncProperties contactSyncProperties,
			JsonMapper jsonMapper) {
		return new DryRun(dataSource, contactChangeRepository, prepareChangeProcessor, contactSyncProperties,
				jsonMapper);
	}

	@Bean
	@StepScope
	JdbcPagingItemReader<ContactChange> pendingChangesReader(DataSource dataSource, ContactSyncProperties properties,
			@Value("#{stepExecution.jobExecution}") JobExecution jobExecution) {
		return PendingChanges.reader(dataSource, RunScopeListener.scopeOf(jobExecution), properties.chunkSize());
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
			SyncOutcomeRepository outcomes, PrepareChangeProcessor prepareChangeProcessor,
			ContactSyncProperties properties, SyncMetrics syncMetrics,
			@Value("#{stepExecution}") StepExecution stepExecution) {
		RunScope scope = RunScopeListener.scopeOf(stepExecution.getJobExecution());
		RunProgress progress = new RunProgress(changes.countInScope(scope), properties.progressInterval(),
				System::nanoTime);
		return new BatchEditCustomerWriter(dustessClient, new ChunkAssembler(prepareChangeProcessor), changes, outcomes,
				properties, stepExecution.getJobExecutionId(), scope, progress, syncMetrics);
	}

}
