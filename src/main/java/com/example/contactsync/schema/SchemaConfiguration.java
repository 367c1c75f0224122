package com.example.contactsync.schema;

import org.flywaydb.core.Flyway;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.example.contactsync.job.ContactSyncProperties;

/**
 * Registers the Java migrations and callbacks with Boot's Flyway auto-configuration, and
 * decides when it migrates: at start-up for the services ({@code serve}, {@code worker})
 * and the tests; for the one-shot commands ({@code contact-sync.deferred-migrations}, set
 * by the command line) only when a run really starts ({@link SchemaMigrations}).
 */
@Configuration(proxyBeanMethods = false)
class SchemaConfiguration {

	@Bean
	SpringBatchSchemaMigration springBatchSchemaMigration() {
		return new SpringBatchSchemaMigration();
	}

	@Bean
	EditedMigrations editedMigrations() {
		return new EditedMigrations();
	}

	@Bean
	MissingRoles missingRoles() {
		return new MissingRoles();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "contact-sync.deferred-migrations", havingValue = false, matchIfMissing = true)
	FlywayMigrationStrategy migrateAtStart() {
		return SchemaMigrations::migrate;
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "contact-sync.deferred-migrations")
	FlywayMigrationStrategy migrateWhenARunStarts(ContactSyncProperties properties) {
		// remote partitioning's queue (Spring Integration's JDBC channel) reads its table
		// as the application starts: with it, every command migrates at start
		boolean remote = properties.partitioning() == ContactSyncProperties.Partitioning.REMOTE;
		return (flyway) -> {
			if (remote) {
				SchemaMigrations.migrate(flyway);
			}
		};
	}

	@Bean
	SchemaMigrations schemaMigrations(Flyway flyway) {
		return new SchemaMigrations(flyway);
	}

}
