package com.example.contactsync.operations;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import com.example.contactsync.dustess.DustessApiException;
import com.example.contactsync.dustess.DustessClient;
import com.example.contactsync.job.FailureDescriptions;
import com.example.contactsync.schema.SchemaVersion;

/**
 * {@code check}: connects with the configured settings and says what would stop a run,
 * changing nothing — the database and the login, the schema's version, the privileges the
 * job's login lacks on contact-sync's tables, the login that migrates, and the API with
 * the credentials (a token had, one call with no contact in it).
 */
public class Preflight {

	/**
	 * Each relation of contact-sync's schema on PostgreSQL, with what the current login
	 * may do with it.
	 */
	static final String PRIVILEGES = """
			SELECT c.relname AS name, c.relkind AS kind,
			       pg_get_userbyid(c.relowner) = current_user AS owned,
			       CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(c.oid, 'USAGE')
			            ELSE has_table_privilege(c.oid, 'SELECT') END AS can_read,
			       c.relkind IN ('r', 'p') AND has_table_privilege(c.oid, 'INSERT')
			           AND has_table_privilege(c.oid, 'UPDATE') AND has_table_privilege(c.oid, 'DELETE') AS can_write
			FROM pg_class c
			WHERE c.relnamespace = (SELECT relnamespace FROM pg_class WHERE oid = to_regclass('contact_change'))
			  AND c.relkind IN ('r', 'p', 'v', 'S')
			  AND (c.relname IN ('contact_change', 'sync_outcome', 'flyway_schema_history')
			       OR c.relname LIKE 'contact\\_sync\\_%' OR c.relname LIKE 'batch\\_%' OR c.relname LIKE 'int\\_%')
			ORDER BY c.relname""";

	private final DataSource dataSource;

	private final DataSource migratingDataSource;

	private final SchemaVersion schemaVersion;

	private final DustessClient dustessClient;

	/**
	 * @param migratingDataSource the database as the login that migrates sees it
	 * ({@code spring.flyway.user}, else the job's own)
	 */
	public Preflight(DataSource dataSource, DataSource migratingDataSource, SchemaVersion schemaVersion,
			DustessClient dustessClient) {
		this.dataSource = dataSource;
		this.migratingDataSource = migratingDataSource;
		this.schemaVersion = schemaVersion;
		this.dustessClient = dustessClient;
	}

	/** Every check, in order. */
	public List<Finding> check() {
		List<Finding> findings = new ArrayList<>();
		Finding database = database();
		findings.add(database);
		if (database.ok()) {
			SchemaVersion.State schema = this.schemaVersion.state();
			findings.add(schema(schema));
			if (isPostgres()) {
				if (!schema.current()) {
					findings.add(migratingLogin());
				}
				if (!schema.missing()) {
					findings.add(privileges());
				}
			}
		}
		findings.add(api());
		return findings;
	}

	private Finding database() {
		try (Connection connection = this.dataSource.getConnection()) {
			var metaData = connection.getMetaData();
			return Finding.ok("database", metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion()
					+ ", database " + connection.getCatalog() + " as " + metaData.getUserName());
		}
		catch (SQLException | RuntimeException ex) {
			return Finding.problem("database", "cannot connect: " + FailureDescriptions.describe(List.of(ex)));
		}
	}

	private static Finding schema(SchemaVersion.State schema) {
		if (schema.missing()) {
			return Finding.ok("schema",
					"none yet (" + schema.where() + "): the first run creates it (version " + schema.needed() + ")");
		}
		if (!schema.current()) {
			return Finding.ok("schema", "version " + schema.applied() + " (" + schema.where() + "); the next run "
					+ "migrates it to " + schema.needed());
		}
		return Finding.ok("schema", "version " + schema.applied() + " (" + schema.where() + "), as this build needs");
	}

	private Finding migratingLogin() {
		try (Connection connection = this.migratingDataSource.getConnection()) {
			Map<String, Object> rights = JdbcClient.create(new SingleConnectionDataSource(connection, true))
				.sql("SELECT current_user AS login, current_schema() AS schema, "
						+ "COALESCE(has_schema_privilege(current_schema(), 'CREATE'), false) AS can_create, "
						+ "has_database_privilege(current_database(), 'CREATE') AS can_create_schema")
				.query()
				.singleRow();
			boolean canCreate = Boolean.TRUE.equals(rights.get("can_create"))
					|| (rights.get("schema") == null && Boolean.TRUE.equals(rights.get("can_create_schema")));
			return canCreate ? Finding.ok("migrations", "the login " + rights.get("login") + " may create the tables")
					: Finding.problem("migrations", "the login " + rights.get("login")
							+ " that migrates (spring.flyway.user, else spring.datasource.username) may not create "
							+ "tables in schema " + rights.get("schema") + ": the owner of the schema migrates");
		}
		catch (SQLException | RuntimeException ex) {
			return Finding.problem("migrations", "the login that migrates (spring.flyway.user) cannot connect: "
					+ FailureDescriptions.describe(List.of(ex)));
		}
	}

	private Finding privileges() {
		List<String> lacking = new ArrayList<>();
		boolean owner = false;
		for (Map<String, Object> relation : JdbcClient.create(this.dataSource).sql(PRIVILEGES).query().listOfRows()) {
			String name = (String) relation.get("name");
			String kind = String.valueOf(relation.get("kind"));
			owner |= Boolean.TRUE.equals(relation.get("owned"));
			boolean readOnly = kind.equals("v") || name.equals("flyway_schema_history");
			if (!Boolean.TRUE.equals(relation.get("can_read"))) {
				lacking.add(name + (kind.equals("S") ? " (USAGE)" : " (SELECT)"));
			}
			else if (!readOnly && !kind.equals("S") && !Boolean.TRUE.equals(relation.get("can_write"))) {
				lacking.add(name + " (INSERT, UPDATE, DELETE)");
			}
		}
		if (!lacking.isEmpty()) {
			return Finding.problem("privileges", "the job's login lacks " + String.join(", ", lacking)
					+ ": a DBA grants them with sql/roles/postgresql-roles.sql (the role contact_sync_app)");
		}
		return Finding.ok("privileges", owner
				? "the job's login owns the tables (it could drop them): for least privilege it runs as a member of "
						+ "contact_sync_app and the owner migrates (spring.flyway.user)"
				: "the job's login may read and write every table it needs, and owns none");
	}

	private Finding api() {
		try {
			this.dustessClient.probe();
			return Finding.ok("api", "reachable, the credentials taken (one call with no contact in it)");
		}
		catch (DustessApiException ex) {
			String why = switch (ex.getKind()) {
				case TRANSPORT -> "unreachable: ";
				default ->
					ex.mayBeAuthentication() ? "refused the call (the credentials?): " : "answered with an error: ";
			};
			return Finding.problem("api", why + ex.getMessage());
		}
		catch (RuntimeException ex) {
			return Finding.problem("api", FailureDescriptions.describe(List.of(ex)));
		}
	}

	private boolean isPostgres() {
		try (Connection connection = this.dataSource.getConnection()) {
			return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
		}
		catch (SQLException ex) {
			return false;
		}
	}

	/**
	 * What one check found.
	 *
	 * @param subject what was checked
	 * @param ok whether it would let a run go
	 * @param text what was found, in one line
	 */
	public record Finding(String subject, boolean ok, String text) {

		static Finding ok(String subject, String text) {
			return new Finding(subject, true, text);
		}

		static Finding problem(String subject, String text) {
			return new Finding(subject, false, text);
		}

	}

}
