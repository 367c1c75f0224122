package com.example.contactsync.cli;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.example.contactsync.ContactSyncApplication;
import com.example.contactsync.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code contact-sync sandbox} as a user tries it before the real credentials arrive: the
 * sandbox alone in a real child JVM, with no database at all, and a {@code run} in
 * another process against a real PostgreSQL with the settings the sandbox printed.
 */
@org.junit.jupiter.api.Timeout(value = 180, unit = TimeUnit.SECONDS)
class SandboxCommandIntegrationTests {

	private static final Pattern SETTINGS = Pattern
		.compile("(?m)^DUSTESS_BASE_URL=(http://127\\.0\\.0\\.1:[0-9]+) DUSTESS_ACCESS_TOKEN=(sandbox-[0-9a-f]{32})$");

	private final TestPostgres.Database database = TestPostgres.createDatabase("sandbox_trial");

	private Process child;

	@AfterEach
	void tearDown() {
		if (this.child != null) {
			this.child.destroyForcibly();
		}
	}

	@Test
	void sandboxServesARunAgainstPostgresInAnotherProcessAndStopsOnSigtermWithExitZero() throws Exception {
		File stdout = new File("target/process-tests/sandbox-" + System.nanoTime() + ".out");
		File stderr = new File(stdout.getPath().replace(".out", ".err"));
		Files.createDirectories(stdout.getParentFile().toPath());
		// no datasource settings: a database that cannot exist, should it try one
		this.child = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-cp",
				System.getProperty("java.class.path"), ContactSyncApplication.class.getName(), "sandbox", "--port=0",
				"--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none")
			.redirectOutput(stdout)
			.redirectError(stderr)
			.start();
		Matcher settings = SETTINGS.matcher("");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!settings.reset(Files.readString(stdout.toPath())).find()) {
			assertThat(System.nanoTime()).as("sandbox printed its settings").isLessThan(deadline);
			assertThat(this.child.isAlive()).as("sandbox is running; stderr: %s", Files.readString(stderr.toPath()))
				.isTrue();
			Thread.sleep(50);
		}
		String baseUrl = settings.group(1);
		String token = settings.group(2);

		StringWriter out = new StringWriter();
		List<String> database = List.of("--spring.datasource.url=" + this.database.url(),
				"--spring.datasource.username=" + this.database.user(),
				"--spring.datasource.password=" + this.database.password());
		assertThat(command(out, database, "migrate")).isZero();
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			for (int i = 1; i <= 3; i++) {
				statement.execute("INSERT INTO contact_change (external_id) VALUES ('crm-" + i + "')");
			}
		}
		assertThat(command(out, database, "run", "--date=2026-11-25", "--dustess.base-url=" + baseUrl,
				"--dustess.access-token=" + token))
			.as(out.toString())
			.isZero();
		assertThat(out.toString()).contains("The sync of 2026-11-25 completed.");
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet rs = statement
					.executeQuery("SELECT COUNT(*) FROM contact_change WHERE sync_state = 'SYNCED'")) {
			rs.next();
			assertThat(rs.getInt(1)).isEqualTo(3);
		}
		// a wrong token is refused by the sandbox, as Dustess would
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO contact_change (external_id) VALUES ('crm-4')");
		}
		assertThat(command(out, database, "run", "--again", "--date=2026-11-25", "--dustess.base-url=" + baseUrl,
				"--dustess.access-token=not-" + token))
			.isNotZero();

		this.child.destroy();
		assertThat(this.child.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(this.child.exitValue()).isZero();
		String printed = Files.readString(stdout.toPath());
		assertThat(printed).endsWith("The sandbox stopped." + System.lineSeparator());
		// the token is printed once, on the settings line
		assertThat(printed.split(Pattern.quote(token), -1)).hasSize(2);
		assertThat(Files.readString(stderr.toPath())).doesNotContain(token).doesNotContain("Exception");
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(this.database.url(), this.database.user(), this.database.password());
	}

	private static int command(StringWriter out, List<String> database, String... command) {
		out.getBuffer().setLength(0);
		List<String> args = new java.util.ArrayList<>(List.of(command));
		args.addAll(database);
		args.add("--contact-sync.concurrency=1");
		return ContactSyncCli.execute(new PrintWriter(out, true), new PrintWriter(out, true),
				args.toArray(String[]::new));
	}

}
