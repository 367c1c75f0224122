package com.example.contactsync.schema;

import java.sql.Connection;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * Flyway migration 1: Spring Batch's own tables, from the DDL that ships in the
 * spring-batch-core jar ({@code org/springframework/batch/core/schema-<platform>.sql}),
 * so that one migration history covers every table and nothing is copied. The business
 * tables follow as migration 2 from {@code sql/schema/<vendor>/}.
 */
public class SpringBatchSchemaMigration implements JavaMigration {

	@Override
	public MigrationVersion getVersion() {
		return MigrationVersion.fromVersion("1");
	}

	@Override
	public String getDescription() {
		return "Spring Batch schema";
	}

	@Override
	public Integer getChecksum() {
		return null;
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	@Override
	public void migrate(Context context) throws Exception {
		Connection connection = context.getConnection();
		String productName = connection.getMetaData().getDatabaseProductName();
		DatabaseDriver driver = DatabaseDriver.fromProductName(productName);
		String script = "org/springframework/batch/core/schema-" + driver.getId() + ".sql";
		ClassPathResource resource = new ClassPathResource(script);
		if (!resource.exists()) {
			throw new IllegalStateException("Spring Batch has no schema for " + productName + " (" + script + ")");
		}
		ScriptUtils.executeSqlScript(connection, resource);
	}

}
