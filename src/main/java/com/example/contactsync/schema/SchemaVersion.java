package com.example.contactsync.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.flywaydb.core.api.MigrationVersion;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * The schema version of the database against the one this build needs, read with one
 * query and without Flyway: what the commands that only read or requeue check instead of
 * migrating (they never change the schema, and must answer quickly). The version this
 * build needs is the highest of its migrations ({@code db/migration/common} and the
 * database's own directory in the jar).
 */
public class SchemaVersion {

	static final String HISTORY_TABLE = "flyway_schema_history";

	/**
	 * Flyway's history table has quoted lower-case names on H2, plain ones on PostgreSQL.
	 */
	private static final String LATEST_APPLIED = "SELECT \"version\" FROM \"" + HISTORY_TABLE
			+ "\" WHERE \"success\" AND \"version\" IS NOT NULL";

	private static final Pattern MIGRATION = Pattern.compile("V([0-9_.]+)__.*\\.sql");

	private final DataSource dataSource;

	public SchemaVersion(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Reads the state of the schema.
	 * @return never null
	 */
	public State state() {
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try {
			String vendor = DatabaseDriver.fromJdbcUrl(connection.getMetaData().getURL()).getId();
			MigrationVersion needed = needed(vendor);
			if (!historyExists(connection)) {
				return new State(null, needed.getVersion(), describe(connection));
			}
			try (var statement = connection.createStatement(); ResultSet rs = statement.executeQuery(LATEST_APPLIED)) {
				MigrationVersion applied = MigrationVersion.EMPTY;
				while (rs.next()) {
					MigrationVersion version = MigrationVersion.fromVersion(rs.getString(1));
					if (version.compareTo(applied) > 0) {
						applied = version;
					}
				}
				return new State((applied == MigrationVersion.EMPTY) ? null : applied.getVersion(), needed.getVersion(),
						describe(connection));
			}
		}
		catch (SQLException ex) {
			throw new CannotGetJdbcConnectionException("Cannot read the schema version", ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	private static boolean historyExists(Connection connection) throws SQLException {
		DatabaseMetaData metaData = connection.getMetaData();
		String schema = connection.getSchema();
		for (String name : new String[] { HISTORY_TABLE, HISTORY_TABLE.toUpperCase(Locale.ROOT) }) {
			try (ResultSet rs = metaData.getTables(null, schema, name, null)) {
				if (rs.next()) {
					return true;
				}
			}
		}
		return false;
	}

	private static String describe(Connection connection) throws SQLException {
		String schema = connection.getSchema();
		return ((schema != null) ? "schema " + schema : "a schema not created yet") + " of " + connection.getCatalog();
	}

	/**
	 * The highest migration version this build has for a database.
	 * @param vendor Spring Boot's id of the database ({@code postgresql}, {@code h2})
	 */
	static MigrationVersion needed(String vendor) {
		MigrationVersion highest = MigrationVersion.fromVersion("1");
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(
				SchemaVersion.class.getClassLoader());
		try {
			for (String location : new String[] { "common", vendor }) {
				for (Resource resource : resolver.getResources("classpath*:db/migration/" + location + "/V*__*.sql")) {
					Matcher matcher = MIGRATION.matcher(String.valueOf(resource.getFilename()));
					if (matcher.matches()) {
						MigrationVersion version = MigrationVersion.fromVersion(matcher.group(1).replace('_', '.'));
						highest = (version.compareTo(highest) > 0) ? version : highest;
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return highest;
	}

	/**
	 * The schema's state.
	 *
	 * @param applied the highest version applied, or null when the database has no
	 * contact-sync schema yet
	 * @param needed the version this build needs
	 * @param where the schema and the database, to name them in a message
	 */
	public record State(String applied, String needed, String where) {

		/** Whether nothing of contact-sync is in the database yet. */
		public boolean missing() {
			return this.applied == null;
		}

		/** Whether the schema has every migration this build needs (or more). */
		public boolean current() {
			return !missing() && MigrationVersion.fromVersion(this.applied)
				.compareTo(MigrationVersion.fromVersion(this.needed)) >= 0;
		}

		/**
		 * Throws unless the schema is current: what a command that reads or requeues
		 * needs.
		 * @throws SchemaNotReadyException if it is missing or older than this build
		 */
		public State requireCurrent() {
			if (missing()) {
				throw new SchemaNotReadyException("The database has no contact-sync tables (" + this.where
						+ "): nothing has run here yet. The first 'run' (or 'migrate') creates them; if you expected "
						+ "them, check spring.datasource.url and spring.flyway.schemas.");
			}
			if (!current()) {
				throw new SchemaNotReadyException("The contact-sync schema (" + this.where + ") is at version "
						+ this.applied + "; this build needs " + this.needed
						+ ": run 'contact-sync migrate' (or a run) to migrate it.");
			}
			return this;
		}

	}

}
