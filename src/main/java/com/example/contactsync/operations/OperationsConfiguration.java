package com.example.contactsync.operations;

import java.time.ZoneId;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.example.contactsync.capture.Capture;
import com.example.contactsync.capture.SourceProperties;
import com.example.contactsync.dustess.DustessClient;
import com.example.contactsync.job.ContactSyncJobConfiguration;
import com.example.contactsync.job.ContactSyncProperties;
import com.example.contactsync.schema.SchemaMigrations;
import com.example.contactsync.schema.SchemaVersion;

/**
 * Wires what the commands use.
 */
@Configuration(proxyBeanMethods = false)
class OperationsConfiguration {

	/**
	 * The schedule of {@code serve}; started by the command once the context is ready
	 * ({@code ContactSyncCli.server}): a run ended during start-up would publish its
	 * {@link RunEnded} before the event listeners (the run's metrics) are registered.
	 */
	@Bean(destroyMethod = "shutdown")
	@ConditionalOnBooleanProperty("contact-sync.serve")
	ScheduledSync scheduledSync(SyncRunner syncRunner, ContactSyncProperties contactSyncProperties) {
		return new ScheduledSync(syncRunner, contactSyncProperties.schedule(), ZoneId.systemDefault());
	}

	@Bean
	Preflight preflight(DataSource dataSource, Flyway flyway, SchemaVersion schemaVersion,
			DustessClient dustessClient) {
		return new Preflight(dataSource, flyway.getConfiguration().getDataSource(), schemaVersion, dustessClient);
	}

	@Bean
	RunLock runLock(DataSource dataSource) {
		return new RunLock(dataSource);
	}

	@Bean
	RunLocks runLocks(RunLock runLock, JdbcTemplate jdbcTemplate, JobRepository jobRepository,
			ContactSyncProperties contactSyncProperties) {
		ContactSyncProperties.Run run = contactSyncProperties.run();
		Runners runners = new Runners(jdbcTemplate);
		return new RunLocks(runLock, runners,
				new RunnerLiveness(runners, RunLease.host(), run.heartbeatInterval(), run.lostAfter(),
						RunnerLiveness::processAlive, RunnerLiveness.Sleeper.real()),
				new RunRepair(jobRepository, jdbcTemplate, ContactSyncJobConfiguration.JOB_NAME), run);
	}

	@Bean
	CaptureRunner captureRunner(RunLocks runLocks, Capture capture, PlatformTransactionManager transactionManager,
			SourceProperties sourceProperties, SchemaMigrations schemaMigrations) {
		return new CaptureRunner(runLocks, capture, transactionManager, sourceProperties, schemaMigrations::migrate);
	}

	@Bean
	SyncRunner syncRunner(JobOperator jobOperator, JobRepository jobRepository, Job contactSyncJob,
			DustessClient dustessClient, RunHistory runHistory, RunLocks runLocks,
			ObjectProvider<SyncRunner.PartitionsInFlight> partitionsInFlight, ApplicationEventPublisher events,
			SchemaMigrations schemaMigrations) {
		return new SyncRunner(jobOperator, jobRepository, contactSyncJob, dustessClient, runHistory, runLocks,
				partitionsInFlight.getIfAvailable(() -> (execution) -> List.of()), events, schemaMigrations::migrate);
	}

}
