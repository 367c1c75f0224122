package com.example.contactsync.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.example.contactsync.sandbox.TestDustessSandbox;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Source mode's commands as an operator uses them, on an H2 database and the sandbox:
 * {@code run --dry-run}, {@code capture}, {@code capture --baseline}, {@code resync},
 * {@code run} and {@code status}, and a refused source (exit 2, nothing written).
 */
@org.junit.jupiter.api.Timeout(value = 180, unit = java.util.concurrent.TimeUnit.SECONDS)
class SourceModeCommandIntegrationTests {

	private static final String TOKEN = "source-cli-token-0123456789";

	private TestDustessSandbox sandbox;

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	private final String url = "jdbc:h2:mem:source-cli-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";

	private final JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(this.url, "sa", ""));

	@BeforeEach
	void start() throws IOException {
		this.sandbox = TestDustessSandbox.start(0, TOKEN, JsonMapper.builder().build());
		assertThat(execute("migrate")).isEqualTo(ExitCodes.OK);
		this.jdbc.execute("CREATE TABLE crm_contact (external_id VARCHAR(40), remark VARCHAR(100), age INT)");
		this.jdbc.update("INSERT INTO crm_contact VALUES ('k1', 'one', 30), ('k2', 'two', NULL), ('k3', 'three', 5)");
	}

	@AfterEach
	void stop() {
		this.sandbox.close();
	}

	@Test
	void dryRunThenCaptureThenRunThenStatusThenResync() {
		assertThat(execute("run", "--dry-run", "--date=2026-12-01")).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString())
			.contains("Its capture would find 3 source rows: 3 new, 0 changed, 0 unchanged, 0 back, 0 resync, 0 gone; "
					+ "3 changes (remark=3,age=2)");
		assertThat(count("contact_change")).isZero();

		assertThat(execute("capture")).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("Captured: 3 source rows: 3 new").contains("The next run sends them.");
		assertThat(this.sandbox.calls()).isZero();
		assertThat(count("contact_change")).isEqualTo(3);

		this.jdbc.update("UPDATE crm_contact SET age = 31 WHERE external_id = 'k1'");
		assertThat(execute("run", "--date=2026-12-01")).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("The sync of 2026-12-01 completed. Its capture: 3 source rows: 0 new, "
				+ "1 changed, 2 unchanged, 0 back, 0 resync, 0 gone; 1 changes (age=1).");
		assertThat(count("contact_change WHERE sync_state = 'SYNCED'")).isEqualTo(4);

		assertThat(execute("status")).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("Captures (source mode; 0 keys gone from the source in all):")
			.containsPattern("2\\s+1\\s+CAPTURE\\s+\\S+ \\S+\\s+3\\s+0\\s+1\\s+2\\s+0\\s+0\\s+1\\s+age=1")
			.containsPattern("1\\s+-\\s+CAPTURE\\s+\\S+ \\S+\\s+3\\s+3\\s+0\\s+0\\s+0\\s+0\\s+3\\s+remark=3,age=2");

		assertThat(execute("resync", "k2")).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("Marked 1 key: the next capture sends it whole.");
		assertThat(execute("capture", "--json")).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("\"resyncRows\" : 1").contains("\"changes\" : 1");
	}

	@Test
	void aBaselineRecordsTheSourceAndSendsNothing() {
		assertThat(execute("capture", "--baseline")).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("Baseline: 3 source rows: 3 new")
			.contains("Nothing will be sent for it.");
		assertThat(count("contact_change")).isZero();
		assertThat(execute("run", "--date=2026-12-01")).isEqualTo(ExitCodes.OK);
		assertThat(this.sandbox.calls()).isZero();
	}

	@Test
	void aRefusedSourceExitsTwoAndWritesNothing() {
		this.jdbc.update("INSERT INTO crm_contact VALUES ('k1', 'one again', 30), (NULL, 'nobody', 1)");
		assertThat(execute("run", "--date=2026-12-01")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.out.toString() + this.err.toString()).contains("The source was refused: crm_contact")
			.contains("1 rows with a NULL external_id")
			.contains("1 keys on more than one row");
		assertThat(count("contact_change")).isZero();
		assertThat(execute("capture")).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains("The source was refused");
		assertThat(this.sandbox.calls()).isZero();
	}

	@Test
	void captureWithoutASourceIsRefusedAsASetting() {
		this.out.getBuffer().setLength(0);
		this.err.getBuffer().setLength(0);
		List<String> args = new ArrayList<>(List.of(arguments("capture")));
		args.removeIf((arg) -> arg.startsWith("--contact-sync.source.relation"));
		int exit = ContactSyncCli.execute(new PrintWriter(this.out, true), new PrintWriter(this.err, true),
				args.toArray(String[]::new));
		assertThat(exit).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains("Source mode is off: set contact-sync.source.relation");
	}

	private long count(String table) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
	}

	private String[] arguments(String... command) {
		List<String> args = new ArrayList<>(List.of(command));
		args.add("--contact-sync.concurrency=1");
		args.add("--contact-sync.source.relation=crm_contact");
		args.add("--spring.datasource.url=" + this.url);
		args.add("--dustess.base-url=" + this.sandbox.baseUrl());
		args.add("--dustess.access-token=" + TOKEN);
		return args.toArray(String[]::new);
	}

	private int execute(String... command) {
		this.out.getBuffer().setLength(0);
		this.err.getBuffer().setLength(0);
		return ContactSyncCli.execute(new PrintWriter(this.out, true), new PrintWriter(this.err, true),
				arguments(command));
	}

}
