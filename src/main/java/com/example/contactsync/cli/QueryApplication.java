package com.example.contactsync.cli;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import com.example.contactsync.job.ContactSyncProperties;
import com.example.contactsync.operations.QueriesConfiguration;
import com.example.contactsync.remote.Workers;
import com.example.contactsync.schema.SchemaVersion;
import com.example.contactsync.schema.SchemaVersionConfiguration;

/**
 * The application of the commands that only read (or requeue): {@code status},
 * {@code failures}, {@code show}, {@code requeue}. A person waits for them at a terminal,
 * so they start the data source and their queries only — no job, no Flyway, no HTTP
 * client, no Spring Batch, which the full application spends seconds on — and check the
 * schema's version instead of migrating ({@link SchemaVersion}).
 */
// not a @Configuration: the whole application's component scan must not find it
@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class })
@EnableConfigurationProperties(ContactSyncProperties.class)
@Import({ SchemaVersionConfiguration.class, QueriesConfiguration.class })
class QueryApplication {

	@Bean
	Workers workers(JdbcTemplate jdbcTemplate, ContactSyncProperties properties) {
		// remote partitioning's workers, for status; null (no bean) in local mode
		return (properties.partitioning() == ContactSyncProperties.Partitioning.REMOTE) ? new Workers(jdbcTemplate)
				: null;
	}

}
