package com.example.contactsync.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
 * The database faults of an operator's bad night (issue 19), each with real processes on
 * PostgreSQL: a run's lock connection killed, a change held locked by another session,
 * {@code stop} then {@code kill -9} of a run waiting for such a lock, SIGTERM while it
 * waits, SIGTERM during start-up, and a database that cannot be reached. Each ends with
 * every change sent once (but the chunks in flight when a process was killed) and the
 * date completed by the documented commands alone. (The database stopped for 90 s is
 * {@link DatabaseOutageIntegrationTests}.)
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DatabaseFaultsIntegrationTests {

	private static final String TOKEN = "database-faults-token";

	private static final String DATE = "2026-11-25";

	private static final String NEXT_DATE = "2026-11-26";

	private static final int CHANGES = 10;

	private final TestPostgres.Database database = TestPostgres.createDatabase("database_faults");

	private TestDustessSandbox sandbox;

	private final HeldCall thirdCall = HeldCall.unarmed(3);

	private final StringWriter out = new StringWriter();

	private volatile boolean gate;

	private final java.util.Set<String> letThrough = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private final java.util.concurrent.atomic.AtomicInteger heldCalls = new java.util.concurrent.atomic.AtomicInteger();

	private SyncedChanges synced;

	private ChildProcess child;

	private Connection holder;

	@BeforeEach
	void setUp() throws Exception {
		this.sandbox = TestDustessSandbox.start(0, TOKEN, JsonMapper.builder().build());
		this.synced = new SyncedChanges(this.database, this.sandbox);
		this.sandbox.onCall(this.thirdCall);
		this.sandbox.faultsByEntries((entries) -> {
			if (this.gate) {
				this.heldCalls.incrementAndGet();
				while (this.gate && entries.stream()
					.noneMatch((entry) -> this.letThrough.contains(entry.get("external_id").asString()))) {
					try {
						Thread.sleep(20);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return null;
					}
				}
			}
			return null;
		});
		assertThat(command("migrate")).isZero();
		this.synced.insertPending(CHANGES);
	}

	@AfterEach
	void tearDown() throws Exception {
		this.thirdCall.release();
		this.gate = false;
		if (this.child != null) {
			this.child.kill();
		}
		if (this.holder != null) {
			this.holder.close();
		}
		this.sandbox.close();
	}

	@Test
	void runWhenItsLockConnectionIsKilledThenItTakesTheLockBackAndNoRunOrRecoverGetsInMeanwhile() throws Exception {
		this.thirdCall.arm();
		this.child = startChild("run", "--date=" + DATE, "--contact-sync.run.heartbeat-interval=1s",
				"--contact-sync.run.lost-after=10s");
		assertThat(this.thirdCall.awaitArrival(60)).as("third call arrived").isTrue();
		int lockBackend = lockBackend();

		terminate(lockBackend);

		// before the run has its lock back and after: its heartbeat says it is alive
		assertThat(command("run", "--date=" + NEXT_DATE)).isEqualTo(ExitCodes.ALREADY_RUNNING);
		assertThat(this.out.toString()).contains("Another contact-sync run is in progress");
		assertThat(command("recover")).isEqualTo(ExitCodes.ALREADY_RUNNING);
		this.child.awaitOutput("Took the run lock again", 20);
		assertThat(lockBackend()).isNotEqualTo(lockBackend);
		assertThat(command("recover")).isEqualTo(ExitCodes.ALREADY_RUNNING);
		assertThat(this.synced.executionStatuses()).containsExactly("STARTED");

		this.thirdCall.release();
		assertThat(this.child.awaitExit(60)).isEqualTo(ExitCodes.OK);
		assertThat(this.child.output()).doesNotContain("OptimisticLockingFailureException");
		assertThat(this.synced.executionStatuses()).containsExactly("COMPLETED");
		this.synced.assertEveryChangeSentOnce(CHANGES);
	}

	@Test
	void runWhenAChangeIsLockedByAnotherSessionThenWaitsABoundedTimeSaysWhoThenLeavesItForTheNextRun()
			throws Exception {
		int holderPid = lockChange("crm-5");

		this.child = startChild("run", "--date=" + DATE, "--contact-sync.row-lock-wait=4s",
				"--contact-sync.progress-interval=1s");

		assertThat(this.child.awaitExit(90)).isEqualTo(ExitCodes.OK);
		assertThat(this.child.output()).contains("locked by another session (pid " + holderPid + "): waiting")
			.contains("Waiting for changes")
			.contains("for 4 s: their contacts are not sent in this run and stay PENDING");
		assertThat(this.synced.strings("SELECT external_id FROM contact_change WHERE sync_state = 'PENDING'"))
			.containsExactly("crm-5");
		assertThat(this.synced.timesSent()).hasSize(CHANGES - 1).doesNotContainKey("crm-5");

		// the operator's transaction ends: the next run sends the change
		this.holder.rollback();
		assertThat(command("run", "--date=" + NEXT_DATE)).isZero();
		this.synced.assertEveryChangeSentOnce(CHANGES);
	}

	@Test
	void runWhenSigtermWhileWaitingForARowLockThenStopsWithinSecondsAndTheSameCommandResumes() throws Exception {
		lockChange("crm-5");
		this.child = startChild("run", "--date=" + DATE, "--contact-sync.row-lock-wait=10m");
		this.child.awaitOutput("are locked by another session", 60);

		long signalled = System.nanoTime();
		this.child.process().destroy();

		assertThat(this.child.awaitExit(30)).isEqualTo(ExitCodes.RUN_FAILED);
		assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - signalled)).isLessThan(10);
		assertThat(this.synced.executionStatuses()).containsExactly("STOPPED");
		this.holder.rollback();
		assertThat(command("run", "--date=" + DATE)).isZero();
		assertThat(this.synced.executionStatuses()).containsExactly("STOPPED", "COMPLETED");
		this.synced.assertEveryChangeSentOnce(CHANGES);
	}

	@Test
	void runWhenStoppedThenKilledWhileWaitingForARowLockThenTheNextRunOfTheDateResumesIt() throws Exception {
		// every call is held in flight until its partition is let through
		this.gate = true;
		this.child = startChild("run", "--date=" + DATE, "--contact-sync.row-lock-wait=10m");
		awaitHeldCalls(3);
		// the partition with the most changes: its third change, in its second chunk, is
		// locked by an operator's session; only that partition's calls are answered
		Map<String, List<String>> split = new java.util.TreeMap<>();
		for (String row : this.synced.strings("""
				SELECT p.partition_no || ' ' || c.external_id FROM contact_sync_partition p
				  JOIN contact_change c ON c.change_id = p.change_id ORDER BY p.partition_no, p.change_id""")) {
			split.computeIfAbsent(row.split(" ")[0], (partition) -> new ArrayList<>()).add(row.split(" ")[1]);
		}
		List<String> waiting = split.values().stream().max(java.util.Comparator.comparingInt(List::size)).orElseThrow();
		assertThat(waiting).hasSizeGreaterThanOrEqualTo(3);
		lockChange(waiting.get(2));
		this.letThrough.addAll(waiting);
		this.child.awaitOutput("are locked by another session", 60);

		assertThat(command("stop")).isZero();
		this.child.kill();
		assertThat(this.child.awaitExit(30)).isEqualTo(137);
		// the calls that were in flight are answered, to nobody
		this.gate = false;
		this.synced.awaitAnswered(this.heldCalls.get());
		List<List<String>> callsOfTheDeadRun = this.synced.sentCalls();
		// the state of the issue: the run STOPPED, the partitions whose calls were in
		// flight still STARTED, and no process left
		assertThat(this.synced.executionStatuses()).containsExactly("STOPPED");
		assertThat(this.synced.strings("SELECT status FROM batch_step_execution")).contains("STARTED");

		// the operator's transaction ends; the date's next run, alone, resumes it
		this.holder.rollback();
		assertThat(command("run", "--date=" + DATE)).isZero();
		assertThat(this.out.toString()).doesNotContain("already in progress");
		assertThat(this.synced.executionStatuses()).containsExactly("STOPPED", "COMPLETED");
		assertThat(this.synced.strings("SELECT exit_message FROM batch_step_execution WHERE status = 'FAILED'"))
			.isNotEmpty()
			.allSatisfy((message) -> assertThat(message).contains("left STARTED by a process that no longer runs it")
				.contains("marked FAILED by 'run'"));
		// only what the calls in flight carried went out twice
		assertThat(this.synced.assertSyncedOnceAndSentAtMostTwice(CHANGES, callsOfTheDeadRun))
			.hasSizeLessThanOrEqualTo(2);
	}

	private void awaitHeldCalls(int calls) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (this.heldCalls.get() < calls) {
			assertThat(System.nanoTime()).as("%d calls held; output:%n%s", calls, this.child.output())
				.isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	@Test
	void runWhenTheDatesLastExecutionWasLeftUnknownThenMarksItFailedWithTheReasonAndResumes() throws Exception {
		this.sandbox.faults((call) -> (call == 2) ? TestDustessSandbox.Fault.HTTP_500 : null);
		assertThat(command("run", "--date=" + DATE)).isEqualTo(ExitCodes.RUN_FAILED);
		// as Spring Batch leaves a run whose last updates failed, the database away
		try (Connection connection = this.synced.connect(); Statement statement = connection.createStatement()) {
			statement.execute("UPDATE batch_job_execution SET status = 'UNKNOWN', exit_code = 'UNKNOWN'");
			statement.execute("UPDATE batch_step_execution SET status = 'UNKNOWN' WHERE status = 'FAILED'");
		}
		this.sandbox.faults((call) -> null);

		assertThat(command("run", "--date=" + DATE)).as(this.out.toString()).isZero();

		assertThat(this.synced.executionStatuses()).containsExactly("FAILED", "COMPLETED");
		assertThat(this.synced.strings("SELECT exit_message FROM batch_job_execution ORDER BY job_execution_id"))
			.first()
			.satisfies((message) -> assertThat(message).startsWith("left UNKNOWN by a process that no longer runs it")
				.contains("marked FAILED by 'run'"));
		this.synced.assertEveryChangeSyncedOnce(CHANGES);
	}

	@Test
	void sigtermDuringStartUpThenExitsOneWithNothingSentAndTheSameCommandRuns() throws Exception {
		this.child = startChild("run", "--date=" + DATE);
		Thread.sleep(1500);
		assertThat(this.child.process().isAlive()).isTrue();

		this.child.process().destroy();

		assertThat(this.child.awaitExit(30)).isEqualTo(ExitCodes.RUN_FAILED);
		assertThat(this.child.output()).contains("Stopped by a signal before a run began");
		assertThat(this.sandbox.calls()).isZero();
		assertThat(this.synced.executionStatuses()).isEmpty();
		assertThat(command("run", "--date=" + DATE)).isZero();
		this.synced.assertEveryChangeSyncedOnce(CHANGES);
	}

	@Test
	void runWhenTheDatabaseCannotBeReachedThenSaysWhichWithoutThePasswordAndExitsOne() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		String password = "unreachable-db-secret";

		int exit = commandWith(List.of("run", "--date=" + DATE,
				"--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + closedPort + "/contact_sync_nowhere?password="
						+ password,
				"--spring.datasource.username=contact_sync", "--spring.datasource.password=" + password,
				"--dustess.base-url=" + this.sandbox.baseUrl(), "--dustess.access-token=" + TOKEN));

		assertThat(exit).isEqualTo(ExitCodes.RUN_FAILED);
		assertThat(this.out.toString())
			.contains("contact-sync: The database cannot be reached (postgresql host 127.0.0.1:" + closedPort
					+ ", database contact_sync_nowhere)")
			.doesNotContain(password);
		assertThat(this.sandbox.calls()).isZero();
	}

	/** The server process that holds the run lock of this test's database. */
	private int lockBackend() throws Exception {
		List<String> pids = this.synced.strings("""
				SELECT l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
				 WHERE c.relname = 'contact_sync_lock' AND l.mode = 'RowShareLock' AND l.granted
				   AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())""");
		assertThat(pids).as("sessions holding the run lock").hasSize(1);
		return Integer.parseInt(pids.get(0));
	}

	private void terminate(int backend) throws Exception {
		try (Connection connection = this.synced.connect(); Statement statement = connection.createStatement()) {
			ResultSet rs = statement.executeQuery("SELECT pg_terminate_backend(" + backend + ")");
			rs.next();
			assertThat(rs.getBoolean(1)).isTrue();
		}
	}

	/**
	 * Locks one change in an open transaction of another session, as an operator's
	 * {@code SELECT ... FOR UPDATE} does, and returns that session's server pid.
	 */
	private int lockChange(String externalId) throws Exception {
		this.holder = this.synced.connect();
		this.holder.setAutoCommit(false);
		try (Statement statement = this.holder.createStatement()) {
			ResultSet rs = statement.executeQuery(
					"SELECT pg_backend_pid() FROM contact_change WHERE external_id = '" + externalId + "' FOR UPDATE");
			assertThat(rs.next()).isTrue();
			return rs.getInt(1);
		}
	}

	private int command(String... command) {
		List<String> args = new ArrayList<>(List.of(command));
		args.addAll(this.synced.settings(TOKEN));
		return commandWith(args);
	}

	private int commandWith(List<String> args) {
		this.out.getBuffer().setLength(0);
		return ContactSyncCli.execute(new PrintWriter(this.out, true), new PrintWriter(this.out, true),
				args.toArray(String[]::new));
	}

	private ChildProcess startChild(String... command) throws Exception {
		List<String> args = new ArrayList<>(List.of(command));
		args.addAll(this.synced.settings(TOKEN));
		return ChildProcess.start(args);
	}

}
