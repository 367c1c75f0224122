package com.example.contactsync.capture;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.example.contactsync.cli.ContactSyncCli;
import com.example.contactsync.support.ChildProcess;
import com.example.contactsync.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capture as a scheduler runs it — {@code contact-sync capture} in a JVM of its own —
 * on PostgreSQL, against a source slowed down row by row so that it can be caught in the
 * middle: killed with SIGKILL, or written to by an upstream meanwhile.
 */
@org.junit.jupiter.api.Timeout(value = 300, unit = java.util.concurrent.TimeUnit.SECONDS)
class CaptureProcessIntegrationTests {

	private static final int ROWS = 600;

	private static final String WRITING_CHANGES = "SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'active' "
			+ "AND query LIKE 'INSERT INTO contact_change%' AND pid <> pg_backend_pid()";

	private final TestPostgres.Database database = TestPostgres.createDatabase("capture_process_tests");

	private final JdbcTemplate jdbc = new JdbcTemplate(
			new DriverManagerDataSource(this.database.url(), this.database.user(), this.database.password()));

	private ChildProcess child;

	@BeforeEach
	void setUp() {
		assertThat(command("migrate")).isZero();
		this.jdbc.execute("CREATE TABLE crm_customer (external_id VARCHAR(40) PRIMARY KEY, remark TEXT)");
		this.jdbc.update("INSERT INTO crm_customer SELECT 'k-' || i, 'remark ' || i FROM generate_series(1, ?) i",
				ROWS);
		// a few milliseconds per row and pass: a capture of the slow view takes seconds
		this.jdbc.execute("CREATE FUNCTION slow_down() RETURNS boolean LANGUAGE plpgsql VOLATILE AS "
				+ "$$ BEGIN PERFORM pg_sleep(0.002); RETURN true; END $$");
		this.jdbc
			.execute("CREATE VIEW slow_customer AS SELECT external_id, remark FROM crm_customer WHERE slow_down()");
	}

	@AfterEach
	void tearDown() {
		java.util.Optional.ofNullable(this.child).ifPresent(ChildProcess::kill);
	}

	@Test
	void killedMidCaptureThenNothingIsLeftAndTheNextCaptureTakesEachChangeOnce() throws Exception {
		this.child = ChildProcess.start(arguments("capture", "slow_customer"));
		awaitWritingChanges();
		this.child.kill();
		this.child.awaitExit(30);
		// the server ends the killed session's statement, then rolls its transaction back
		awaitNoneWritingChanges();
		assertThat(count("contact_change")).isZero();
		assertThat(count("contact_sync_source_state")).isZero();
		assertThat(count("contact_sync_capture")).isZero();

		assertThat(command("capture")).isZero();
		assertThat(command("capture")).isZero();
		assertThat(count("contact_change")).isEqualTo(ROWS);
		assertThat(count("(SELECT DISTINCT external_id FROM contact_change) d")).isEqualTo(ROWS);
		assertThat(this.jdbc.queryForList("SELECT changes FROM contact_sync_capture ORDER BY capture_id", Long.class))
			.containsExactly((long) ROWS, 0L);
	}

	@Test
	void whatUpstreamWritesDuringACaptureIsTheNextCapturesAndNothingIsLost() throws Exception {
		assertThat(command("capture")).isZero();
		this.child = ChildProcess.start(arguments("capture", "slow_customer"));
		this.jdbc.update("UPDATE crm_customer SET remark = remark || ' (edited before)' WHERE external_id = 'k-1'");
		awaitWritingChanges();
		// committed after the capture's snapshot: the next capture's
		this.jdbc.update("UPDATE crm_customer SET remark = remark || ' (edited during)' WHERE external_id = 'k-2'");
		this.jdbc.update("INSERT INTO crm_customer VALUES ('k-new', 'written during the capture')");
		assertThat(this.child.awaitExit(120)).isZero();
		assertThat(this.child.output()).contains("Captured: " + ROWS + " source rows: 0 new, 1 changed");

		assertThat(command("capture")).isZero();
		assertThat(this.jdbc.queryForList("SELECT external_id || ': ' || remark FROM contact_change "
				+ "WHERE change_id > " + ROWS + " ORDER BY change_id", String.class))
			.containsExactly("k-1: remark 1 (edited before)", "k-2: remark 2 (edited during)",
					"k-new: written during the capture");
	}

	private void awaitWritingChanges() throws InterruptedException {
		long deadline = System.nanoTime() + 120_000_000_000L;
		while (count("(" + WRITING_CHANGES + ") a WHERE a.count > 0") == 0) {
			assertThat(System.nanoTime()).as("the capture writes its changes; output:%n%s", this.child.output())
				.isLessThan(deadline);
			assertThat(this.child.process().isAlive()).as("output:%n%s", this.child.output()).isTrue();
			Thread.sleep(20);
		}
	}

	private void awaitNoneWritingChanges() throws InterruptedException {
		long deadline = System.nanoTime() + 60_000_000_000L;
		while (this.jdbc.queryForObject(WRITING_CHANGES, Long.class) > 0) {
			assertThat(System.nanoTime()).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

	private long count(String table) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
	}

	private List<String> arguments(String command, String source) {
		List<String> args = new ArrayList<>(List.of(command));
		args.add("--contact-sync.source.relation=" + source);
		args.add("--spring.datasource.url=" + this.database.url());
		args.add("--spring.datasource.username=" + this.database.user());
		args.add("--spring.datasource.password=" + this.database.password());
		return args;
	}

	/** The command in this JVM, on the source at full speed (the same rows). */
	private int command(String command) {
		return ContactSyncCli.execute(arguments(command, "crm_customer").toArray(String[]::new));
	}

}
