package com.example.contactsync.remote;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import com.example.contactsync.ContactSyncApplication;
import com.example.contactsync.cli.ContactSyncCliAccess;
import com.example.contactsync.sandbox.TestDustessSandbox;
import com.example.contactsync.support.SyncedChanges;
import com.example.contactsync.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Remote partitioning with real processes on a real PostgreSQL server: a manager JVM
 * ({@code run} with {@code contact-sync.partitioning=remote}), two {@code worker} JVMs,
 * and the sandbox API — two workers at the defaults execute 2 partitions each under one
 * rate ceiling; a worker killed with SIGKILL mid-chunk fails the run naming its
 * partition, and the next run finishes on the survivor; a worker killed between taking a
 * request and claiming it leaves the request to another, and the run completes;
 * {@code stop} stops the partitions on every worker; a manager with no worker fails with
 * a clear message; H2 is refused.
 */
@org.junit.jupiter.api.Timeout(value = 600, unit = TimeUnit.SECONDS)
class RemotePartitioningIntegrationTests {

	private static final String TOKEN = "remote-test-token";

	private static final String DATE = "2026-11-28";

	private static final int CHANGES = 40;

	private static final int CALLS_PER_SECOND = 6;

	private final TestPostgres.Database database = TestPostgres.createDatabase("remote_tests");

	private TestDustessSandbox sandbox;

	private final StringWriter out = new StringWriter();

	private SyncedChanges synced;

	private final List<Child> children = new ArrayList<>();

	/** Calls after the first two wait here, while set. */
	private volatile CountDownLatch hold;

	@BeforeEach
	void setUp() throws Exception {
		this.sandbox = TestDustessSandbox.start(0, TOKEN, JsonMapper.builder().build());
		this.synced = new SyncedChanges(this.database, this.sandbox);
		this.sandbox.onCall((call) -> {
			CountDownLatch latch = this.hold;
			if (latch != null && call > 2) {
				try {
					latch.await(60, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		});
		assertThat(command("migrate")).isZero();
		this.synced.insertPending(CHANGES);
	}

	@AfterEach
	void tearDown() {
		CountDownLatch latch = this.hold;
		if (latch != null) {
			latch.countDown();
		}
		this.children.forEach((child) -> child.process.destroyForcibly());
		this.sandbox.close();
	}

	@Test
	void twoWorkersAtTheDefaultsShareTheRunsPartitionsAndTheCeilingHoldsForBoth() throws Exception {
		// the README's settings: two workers of 4 slots, a grid of 4
		List<Child> workers = startWorkers(4, 4);
		Child first = workers.get(0);
		Child second = workers.get(1);

		// status shows who would execute a run's partitions
		assertThat(command("status")).isZero();
		assertThat(this.out.toString()).contains("Workers alive: 2");

		// once every partition has a call held, all four are under way and none ended:
		// how they are shared is settled
		Child manager = startManagerWithCallsHeld();
		this.hold.countDown();
		assertThat(manager.waitForExit()).as(manager.log()).isZero();

		this.synced.assertEveryChangeSentOnce(CHANGES);
		// each worker executed its fair share: 4 partitions / 2 workers
		assertThat(executed(first)).as(first.log()).isEqualTo(2);
		assertThat(executed(second)).as(second.log()).isEqualTo(2);
		assertThat(partitionSteps()).hasSize(4).allMatch((status) -> status.equals("COMPLETED"));
		// the ceiling held for the two workers together, measured at the server
		assertAtMostPerSecond(this.sandbox.arrivals(), CALLS_PER_SECOND);
		// one progress line for the run, from the manager; each worker tells its share
		assertThat(manager.log()).containsPattern("Progress: \\d+ of 40 changes")
			.containsPattern("Partitions of run \\d+ by worker: partition0of4 COMPLETED on ");
		assertThat(first.log() + second.log()).contains("Progress of this worker's partitions:");
		// status says which worker executed which partition
		assertThat(command("status")).isZero();
		String status = this.out.toString();
		assertThat(status).containsPattern("Partitions of run \\d+ by worker:");
		for (Child worker : workers) {
			// once among the workers alive, twice among the partitions
			assertThat(status.split(java.util.regex.Pattern.quote(workerId(worker)), -1)).as(status).hasSize(1 + 3);
		}
		// a worker with no run in progress idles quietly
		assertThat(first.log()).doesNotContain("ERROR").doesNotContain("WARN");
	}

	/**
	 * A worker killed after taking a request and before its claim is recorded: the take
	 * is rolled back with the claim, the request goes back to the channel and another
	 * worker executes it — the run completes, nothing waits for the timeout. The point
	 * between take and claim is made exact by holding a lock on the claims' table, which
	 * blocks the claim of a request the worker has taken.
	 */
	@Test
	void aWorkerKilledBetweenTakingARequestAndClaimingItLeavesTheRequestToAnother() throws Exception {
		Child doomed = startWorker(4);
		doomed.awaitLog("is waiting for partitions");
		Child manager;
		Child survivor;
		try (Connection lock = this.synced.connect()) {
			lock.setAutoCommit(false);
			try (Statement statement = lock.createStatement()) {
				statement.execute("LOCK TABLE contact_sync_worker_partition IN EXCLUSIVE MODE");
			}
			manager = startChild("manager", "run", "--date=" + DATE);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
			while (this.synced
				.strings("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
						+ " AND query LIKE 'INSERT INTO contact_sync_worker_partition%'")
				.equals(List.of("0"))) {
				assertThat(System.nanoTime()).as("a claim blocked:%n%s", doomed.log()).isLessThan(deadline);
				Thread.sleep(100);
			}
			// another worker alive, so that the run does not end for want of workers
			survivor = startWorker(4);
			survivor.awaitLog("is waiting for partitions");
			doomed.process.destroyForcibly();
			assertThat(doomed.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
			lock.rollback();
		}

		assertThat(manager.waitForExit()).as(manager.log()).isZero();
		this.synced.assertEveryChangeSentOnce(CHANGES);
		assertThat(executed(survivor)).as(survivor.log()).isEqualTo(4);
		assertThat(doomed.log()).doesNotContain("Executing syncContactChangesPartition");
	}

	@Test
	void aWorkerKilledMidChunkFailsTheRunNamingItsPartitionAndTheNextRunFinishesOnTheSurvivor() throws Exception {
		Child doomed = startWorker(1);
		doomed.awaitLog("is waiting for partitions");
		Child survivor = startWorker(3);
		survivor.awaitLog("is waiting for partitions");
		// the doomed worker's one slot, the survivor's fair share of 2: the fourth
		// partition waits for a partition to end
		Child manager = startManagerWithCallsHeld(3);
		doomed.awaitLog("Executing syncContactChangesPartition:partition");
		String lostPartition = doomed.log()
			.replaceAll("(?s).*Executing syncContactChangesPartition:(partition\\d+of4).*", "$1");
		doomed.process.destroyForcibly();
		assertThat(doomed.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		this.hold.countDown();
		List<List<String>> callsBeforeTheKill = this.synced.sentCalls();

		assertThat(manager.waitForExit()).as(manager.log()).isEqualTo(1);
		assertThat(manager.log()).contains("Partition " + lostPartition + " was lost: its worker")
			.contains("stopped renewing its heartbeat");
		assertThat(this.synced.executionStatuses()).containsExactly("FAILED");

		assertThat(command("recover")).isZero();
		assertThat(command("run", "--date=" + DATE)).as(this.out.toString()).isZero();
		assertThat(this.synced.executionStatuses()).containsExactly("FAILED", "COMPLETED");
		// at most the chunk the killed worker had in flight went out twice
		List<List<String>> resent = this.synced.assertSyncedOnceAndSentAtMostTwice(CHANGES, callsBeforeTheKill);
		assertThat(resent).as("calls sent again: %s", resent).hasSizeLessThanOrEqualTo(1);
		assertThat(survivor.log()).contains("Executing syncContactChangesPartition:" + lostPartition);
	}

	@Test
	void stopStopsThePartitionsOnEveryWorkerAndTheSameCommandResumes() throws Exception {
		startWorkers(2, 2);
		Child manager = startManagerWithCallsHeld();

		assertThat(command("stop")).isZero();
		this.hold.countDown();

		assertStopped(manager);

		assertThat(command("run", "--date=" + DATE)).as(this.out.toString()).isZero();
		this.synced.assertEveryChangeSentOnce(CHANGES);
	}

	@Test
	void aWorkerStoppedWithSigtermEndsItsPartitionsAfterTheirCurrentChunkAndTheSameCommandResumes() throws Exception {
		Child worker = startWorker(4);
		worker.awaitLog("is waiting for partitions");
		Child manager = startManagerWithCallsHeld();

		worker.process.destroy();
		worker.awaitLog("after its current chunk");
		this.hold.countDown();

		assertThat(worker.waitForExit()).as(worker.log()).isZero();
		// the chunks in flight were finished and recorded
		assertThat(assertStopped(manager)).isGreaterThanOrEqualTo(6);

		startWorker(4).awaitLog("is waiting for partitions");
		assertThat(command("run", "--date=" + DATE)).as(this.out.toString()).isZero();
		this.synced.assertEveryChangeSentOnce(CHANGES);
	}

	@Test
	void recoverWaitsForLiveWorkersWhenTheManagerDiedAndTheRunThenCompletesWithNothingSentTwice() throws Exception {
		startWorkers(2, 2);
		Child manager = startManagerWithCallsHeld();
		manager.process.destroyForcibly();
		assertThat(manager.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

		// the workers go on with the dead manager's partitions: recover must not fail
		// them
		assertThat(command("recover")).isEqualTo(4);
		assertThat(this.out.toString()).contains("live workers still execute its partitions");
		this.hold.countDown();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (!partitionSteps().stream().allMatch((status) -> status.equals("COMPLETED"))) {
			assertThat(System.nanoTime()).as("partitions completed: %s", partitionSteps()).isLessThan(deadline);
			Thread.sleep(200);
		}

		assertThat(command("recover")).as(this.out.toString()).isZero();
		assertThat(this.out.toString()).contains("Recovered run");
		assertThat(command("run", "--date=" + DATE)).as(this.out.toString()).isZero();
		assertThat(this.synced.executionStatuses()).containsExactly("FAILED", "COMPLETED");
		this.synced.assertEveryChangeSentOnce(CHANGES);
	}

	@Test
	void aManagerWithNoWorkerAliveFailsWithAClearMessage() {
		assertThat(command("run", "--date=" + DATE)).isEqualTo(1);
		assertThat(this.out.toString()).contains("No contact-sync worker is alive").contains("contact-sync worker");
		assertThat(this.sandbox.calls()).isZero();
	}

	@Test
	void remotePartitioningOnH2IsRefused(@TempDir File dir) {
		this.out.getBuffer().setLength(0);
		int exit = ContactSyncCliAccess.execute(new PrintWriter(this.out, true), "run", "--date=" + DATE,
				"--spring.datasource.url=jdbc:h2:file:" + dir.getAbsolutePath() + "/db",
				"--contact-sync.partitioning=remote", "--dustess.base-url=" + this.sandbox.baseUrl(),
				"--dustess.access-token=" + TOKEN);
		assertThat(exit).as(this.out.toString()).isEqualTo(2);
		assertThat(this.out.toString()).contains("contact-sync.partitioning=remote needs PostgreSQL");
	}

	/** How many partitions a worker executed, as its log tells. */
	private static int executed(Child worker) {
		return worker.log().split("Executing syncContactChangesPartition:", -1).length - 1;
	}

	private static String workerId(Child worker) {
		return worker.log().replaceAll("(?s).*Worker (\\S+) is ready for partitions.*", "$1");
	}

	/** No window of one second, wherever it begins, saw more than {@code limit} calls. */
	private static void assertAtMostPerSecond(List<Long> arrivals, int limit) {
		List<Long> sorted = arrivals.stream().sorted().toList();
		for (int i = limit; i < sorted.size(); i++) {
			assertThat(sorted.get(i) - sorted.get(i - limit)).as("calls %d..%d arrived within a second", i - limit, i)
				.isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
		}
	}

	private void awaitCalls(int calls) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (this.sandbox.calls() < calls) {
			assertThat(System.nanoTime()).as("%d calls arrived", calls).isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	/**
	 * The manager ended (exit 1), the run and its four partitions STOPPED, and every
	 * change sent is recorded SYNCED; returns how many are.
	 */
	private int assertStopped(Child manager) throws Exception {
		assertThat(manager.waitForExit()).as(manager.log()).isEqualTo(1);
		assertThat(this.synced.executionStatuses()).containsExactly("STOPPED");
		assertThat(partitionSteps()).hasSize(4).allMatch((status) -> status.equals("STOPPED"));
		int synced = this.synced.countWhere("sync_state = 'SYNCED'");
		assertThat(synced).isEqualTo(this.synced.timesSent().size());
		return synced;
	}

	private List<String> partitionSteps() throws SQLException {
		return this.synced
			.strings("SELECT status FROM batch_step_execution WHERE step_name LIKE 'syncContactChangesPartition:%'"
					+ " ORDER BY step_execution_id");
	}

	private List<String> settings() {
		return List.of("--spring.datasource.url=" + this.database.url(),
				"--spring.datasource.username=" + this.database.user(),
				"--spring.datasource.password=" + this.database.password(),
				"--dustess.base-url=" + this.sandbox.baseUrl(), "--dustess.access-token=" + TOKEN,
				"--dustess.rate-limit.calls-per-second=" + CALLS_PER_SECOND, "--contact-sync.chunk-size=2",
				"--contact-sync.partitioning=remote", "--dustess.retry.max-attempts=1",
				"--contact-sync.remote.poll-interval=200ms", "--contact-sync.remote.heartbeat-interval=1s",
				"--contact-sync.remote.lost-after=4s", "--contact-sync.progress-interval=1s");
	}

	private int command(String... command) {
		this.out.getBuffer().setLength(0);
		List<String> args = new ArrayList<>(List.of(command));
		args.addAll(settings());
		args.add("--contact-sync.concurrency=4");
		return ContactSyncCliAccess.execute(new PrintWriter(this.out, true), args.toArray(String[]::new));
	}

	/**
	 * The manager's run of {@link #DATE}, once six calls arrived: with four partitions
	 * under way, every partition has a call in flight, 2 answered, 4 held until
	 * {@code hold} is released.
	 */
	private Child startManagerWithCallsHeld() throws IOException, InterruptedException {
		return startManagerWithCallsHeld(4);
	}

	/**
	 * The manager's run of {@link #DATE}, once 2 calls were answered and each of the
	 * partitions under way has a call held until {@code hold} is released.
	 */
	private Child startManagerWithCallsHeld(int partitionsUnderWay) throws IOException, InterruptedException {
		this.hold = new CountDownLatch(1);
		Child manager = startChild("manager", "run", "--date=" + DATE);
		awaitCalls(2 + partitionsUnderWay);
		return manager;
	}

	/** Workers of these concurrencies, started side by side and ready. */
	private List<Child> startWorkers(int... concurrencies) throws IOException, InterruptedException {
		List<Child> workers = new ArrayList<>();
		for (int concurrency : concurrencies) {
			workers.add(startWorker(concurrency));
		}
		for (Child worker : workers) {
			worker.awaitLog("is waiting for partitions");
		}
		return workers;
	}

	private Child startWorker(int concurrency) throws IOException {
		return startChild("worker", "worker", "--server.port=0", "--contact-sync.concurrency=" + concurrency);
	}

	private Child startChild(String name, String... command) throws IOException {
		// C1 only and the serial collector: the JVMs start with less CPU, on the CI's two
		// cores beside PostgreSQL and each other
		List<String> args = new ArrayList<>(
				List.of(System.getProperty("java.home") + "/bin/java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
						"-cp", System.getProperty("java.class.path"), ContactSyncApplication.class.getName()));
		args.addAll(List.of(command));
		args.addAll(settings());
		if (!name.startsWith("worker")) {
			args.add("--contact-sync.concurrency=4");
		}
		File log = new File("target/remote-tests/" + name + "-" + System.nanoTime() + ".log");
		Files.createDirectories(log.getParentFile().toPath());
		Child child = new Child(new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(log).start(), log);
		this.children.add(child);
		return child;
	}

	private record Child(Process process, File logFile) {

		String log() {
			try {
				return Files.readString(this.logFile.toPath());
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}

		void awaitLog(String text) throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
			while (!log().contains(text)) {
				assertThat(System.nanoTime()).as("'%s' in %s:%n%s", text, this.logFile, log()).isLessThan(deadline);
				assertThat(this.process.isAlive()).as("%s is running:%n%s", this.logFile, log()).isTrue();
				Thread.sleep(100);
			}
		}

		int waitForExit() throws InterruptedException {
			assertThat(this.process.waitFor(180, TimeUnit.SECONDS)).as("%s ended:%n%s", this.logFile, log()).isTrue();
			return this.process.exitValue();
		}

	}

}
