package com.example.contactsync.schema;

import java.sql.SQLException;
import java.sql.SQLTransientException;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the schema's migrations when a run really starts — not when a command merely
 * starts: a dry run, a refused start and the commands that only read leave the database
 * as they found it. Flyway migrates as {@code spring.flyway.user} when that is set (the
 * owner of the schema), else as the job's own login.
 */
public class SchemaMigrations {

	private static final Logger logger = LoggerFactory.getLogger(SchemaMigrations.class);

	private final Flyway flyway;

	public SchemaMigrations(Flyway flyway) {
		this.flyway = flyway;
	}

	/**
	 * Applies the pending migrations, if any, and the roles' grants.
	 * @throws SchemaNotReadyException if a migration fails for a reason a retry cannot
	 * cure (a missing privilege, an edited migration): exit 2
	 */
	public void migrate() {
		migrate(this.flyway);
	}

	/**
	 * Applies the pending migrations of a Flyway, as {@link #migrate()} does.
	 */
	static void migrate(Flyway flyway) {
		MigrateResult result;
		try {
			result = flyway.migrate();
		}
		catch (FlywayException ex) {
			if (isConnectionLost(ex)) {
				// the database went away: a passing failure, the same command may succeed
				throw ex;
			}
			throw new SchemaNotReadyException(
					"The database schema could not be migrated, nothing ran: " + oneLine(rootMessage(ex))
							+ " (the login that migrates, spring.flyway.user or else spring.datasource.username, "
							+ "needs to own the schema or have CREATE on it)");
		}
		if (result.migrationsExecuted > 0) {
			logger.info("Migrated the contact-sync schema from version {} to {} ({} migrations)",
					(result.initialSchemaVersion != null) ? result.initialSchemaVersion : "none",
					result.targetSchemaVersion, result.migrationsExecuted);
		}
	}

	private static boolean isConnectionLost(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
				return true;
			}
		}
		return false;
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage());
	}

	/** Flyway's messages span lines (and rules of dashes): one line for the log. */
	private static String oneLine(String message) {
		return message.lines()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.matches("-+"))
			.reduce((a, b) -> a + " " + b)
			.orElse(message);
	}

}
