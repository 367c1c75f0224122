package com.example.contactsync.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import com.example.contactsync.ContactSyncApplication;
import com.example.contactsync.sandbox.TestDustessSandbox;
import com.example.contactsync.support.SyncedChanges;
import com.example.contactsync.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The process as a scheduler and an operator see it: a real child JVM running {@code run}
 * split into three partitions against PostgreSQL and the sandbox, killed with SIGKILL or
 * SIGTERM in the middle of a chunk (the sandbox holds the third call in flight while the
 * other partitions go on), and the commands that follow.
 */
@org.junit.jupiter.api.Timeout(value = 300, unit = java.util.concurrent.TimeUnit.SECONDS)
class ProcessLifecycleIntegrationTests {

	private static final String TOKEN = "process-test-token";

	private static final String DATE = "2026-11-25";

	private static final int CHANGES = 10;

	private final TestPostgres.Database database = TestPostgres.createDatabase("process_tests");

	private TestDustessSandbox sandbox;

	private final CountDownLatch thirdCallArrived = new CountDownLatch(1);

	private final CountDownLatch releaseThirdCall = new CountDownLatch(1);

	private final StringWriter out = new StringWriter();

	private SyncedChanges synced;

	private Process child;

	private File childLog;

	@BeforeEach
	void setUp() throws Exception {
		this.sandbox = TestDustessSandbox.start(0, TOKEN, JsonMapper.builder().build());
		this.synced = new SyncedChanges(this.database, this.sandbox);
		this.sandbox.onCall((call) -> {
			if (call == 3) {
				this.thirdCallArrived.countDown();
				try {
					this.releaseThirdCall.await(60, TimeUnit.SECONDS);
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
		this.releaseThirdCall.countDown();
		if (this.child != null) {
			this.child.destroyForcibly();
		}
		this.sandbox.close();
	}

	@Test
	void killedMidChunkThenRecoverAndRunResumeWithNothingLostAndOnlyTheInFlightChunkSentTwice() throws Exception {
		this.child = startChild("run", "--date=" + DATE);
		assertThat(this.thirdCallArrived.await(60, TimeUnit.SECONDS)).as("third call arrived").isTrue();

		// one run at a time: another date, and recover, are refused while it runs;
		// nothing is sent
		assertThat(command("run", "--date=2026-11-26")).isEqualTo(ExitCodes.ALREADY_RUNNING);
		assertThat(this.out.toString()).contains("Another contact-sync run is in progress");
		int callsWhileRunning = this.sandbox.calls();
		assertThat(command("recover")).isEqualTo(ExitCodes.ALREADY_RUNNING);
		assertThat(this.sandbox.calls()).isGreaterThanOrEqualTo(callsWhileRunning);

		this.child.destroyForcibly();
		assertThat(this.child.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(this.child.exitValue()).isEqualTo(137);
		this.releaseThirdCall.countDown();
		// what the dead process's calls carried; the held call is answered to nobody
		awaitAnswered(this.sandbox.calls());
		List<List<String>> callsOfTheDeadRun = this.sandbox.receivedCalls()
			.stream()
			.map((call) -> call.stream().map((entry) -> entry.get("external_id").asString()).toList())
			.toList();
		assertThat(this.synced.executionStatuses()).containsExactly("STARTED");

		assertThat(command("run", "--date=" + DATE)).isEqualTo(ExitCodes.ALREADY_RUNNING);
		assertThat(this.out.toString()).contains("its process died").contains("contact-sync recover");
		// restart finds the dead run too, and says the same: recover first
		assertThat(command("restart")).isEqualTo(ExitCodes.ALREADY_RUNNING);
		assertThat(this.out.toString()).contains("is marked STARTED but no process is running it")
			.contains("contact-sync recover");
		int callsBeforeRecovery = this.sandbox.calls();

		assertThat(command("recover")).isZero();
		assertThat(this.out.toString()).contains("Recovered run").contains("run --date=" + DATE);
		assertThat(this.synced.executionStatuses()).containsExactly("FAILED");
		assertThat(this.sandbox.calls()).isEqualTo(callsBeforeRecovery);

		assertThat(command("run", "--date=" + DATE)).isZero();
		assertThat(this.synced.executionStatuses()).containsExactly("FAILED", "COMPLETED");
		this.synced.assertEveryChangeSyncedOnce(CHANGES);
		Map<String, Integer> sent = this.synced.timesSent();
		assertThat(sent).hasSize(CHANGES);
		List<String> sentTwice = sent.entrySet()
			.stream()
			.filter((e) -> e.getValue() > 1)
			.map(Map.Entry::getKey)
			.toList();
		// at most the chunk each partition had in flight when the process died was sent
		// again
		List<List<String>> resent = callsOfTheDeadRun.stream()
			.filter((call) -> call.stream().anyMatch(sentTwice::contains))
			.toList();
		assertThat(resent).as("calls of the dead run sent again: %s", resent).hasSizeLessThanOrEqualTo(3);
		assertThat(resent.stream().flatMap(List::stream).toList()).containsAll(sentTwice);
		assertThat(sent.values()).allSatisfy((times) -> assertThat(times).isBetween(1, 2));
	}

	@Test
	void sigtermLetsTheCurrentChunkFinishThenStopsAndTheSameCommandResumes() throws Exception {
		this.child = startChild("run", "--date=" + DATE);
		assertThat(this.thirdCallArrived.await(60, TimeUnit.SECONDS)).isTrue();

		this.child.destroy();
		Thread.sleep(500);
		this.releaseThirdCall.countDown();

		assertThat(this.child.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(this.child.exitValue()).isEqualTo(ExitCodes.RUN_FAILED);
		assertThat(this.synced.executionStatuses()).containsExactly("STOPPED");
		// every partition finished its current chunk and stopped: what was sent is
		// recorded
		// everything sent was recorded (how far the other partitions got depends on the
		// split and the timing)
		assertThat(this.synced.countWhere("sync_state = 'SYNCED'")).isEqualTo(this.synced.timesSent().size());

		assertThat(command("run", "--date=" + DATE)).isZero();
		this.synced.assertEveryChangeSyncedOnce(CHANGES);
		assertThat(this.synced.timesSent().values()).containsOnly(1);
	}

	@Test
	void stopCommandFromAnotherProcessStopsTheRunAfterItsCurrentChunk() throws Exception {
		this.child = startChild("run", "--date=" + DATE);
		assertThat(this.thirdCallArrived.await(60, TimeUnit.SECONDS)).isTrue();

		assertThat(command("stop")).isZero();
		assertThat(this.out.toString()).contains("to stop after its current chunk");
		this.releaseThirdCall.countDown();

		assertThat(this.child.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(this.child.exitValue()).isEqualTo(ExitCodes.RUN_FAILED);
		assertThat(this.synced.executionStatuses()).containsExactly("STOPPED");
		// everything sent was recorded (how far the other partitions got depends on the
		// split and the timing)
		assertThat(this.synced.countWhere("sync_state = 'SYNCED'")).isEqualTo(this.synced.timesSent().size());

		assertThat(command("run", "--date=" + DATE)).isZero();
		this.synced.assertEveryChangeSyncedOnce(CHANGES);
		assertThat(this.synced.timesSent().values()).containsOnly(1);
	}

	@Test
	void serveStopsCleanlyOnSigterm() throws Exception {
		this.child = startChild("serve", "--server.port=0", "--contact-sync.schedule=0 0 0 1 1 *");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!Files.readString(this.childLog.toPath()).contains("Serving; SIGTERM or Ctrl-C stops.")) {
			assertThat(System.nanoTime()).as("serve started").isLessThan(deadline);
			assertThat(this.child.isAlive()).as("serve is running").isTrue();
			Thread.sleep(100);
		}

		this.child.destroy();

		assertThat(this.child.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(this.child.exitValue()).isZero();
		assertThat(this.sandbox.calls()).isZero();
	}

	/** Waits until the sandbox has answered (and so recorded) that many calls. */
	private void awaitAnswered(int calls) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (this.sandbox.receivedCalls().size() < calls && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
	}

	private List<String> settings() {
		return List.of("--spring.datasource.url=" + this.database.url(),
				"--spring.datasource.username=" + this.database.user(),
				"--spring.datasource.password=" + this.database.password(),
				"--dustess.base-url=" + this.sandbox.baseUrl(), "--dustess.access-token=" + TOKEN,
				"--contact-sync.chunk-size=2", "--contact-sync.concurrency=3", "--dustess.retry.max-attempts=1");
	}

	private int command(String... command) {
		this.out.getBuffer().setLength(0);
		List<String> args = new ArrayList<>(List.of(command));
		args.addAll(settings());
		return ContactSyncCli.execute(new PrintWriter(this.out, true), new PrintWriter(this.out, true),
				args.toArray(String[]::new));
	}

	private Process startChild(String... command) throws IOException {
		List<String> args = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-cp",
				System.getProperty("java.class.path"), ContactSyncApplication.class.getName()));
		args.addAll(List.of(command));
		args.addAll(settings());
		this.childLog = new File("target/process-tests/child-" + System.nanoTime() + ".log");
		Files.createDirectories(this.childLog.getParentFile().toPath());
		return new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(this.childLog).start();
	}

}
