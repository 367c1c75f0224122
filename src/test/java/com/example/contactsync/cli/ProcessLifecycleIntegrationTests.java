package com.example.contactsync.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import com.example.contactsync.sandbox.TestDustessSandbox;
import com.example.contactsync.support.ChildProcess;
import com.example.contactsync.support.HeldCall;
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

	private final HeldCall thirdCall = HeldCall.holding(3);

	private final StringWriter out = new StringWriter();

	private SyncedChanges synced;

	private ChildProcess child;

	@BeforeEach
	void setUp() throws Exception {
		this.sandbox = TestDustessSandbox.start(0, TOKEN, JsonMapper.builder().build());
		this.synced = new SyncedChanges(this.database, this.sandbox);
		this.sandbox.onCall(this.thirdCall);
		assertThat(command("migrate")).isZero();
		this.synced.insertPending(CHANGES);
	}

	@AfterEach
	void tearDown() {
		this.thirdCall.release();
		if (this.child != null) {
			this.child.kill();
		}
		this.sandbox.close();
	}

	@Test
	void killedMidChunkThenRecoverAndRunResumeWithNothingLostAndOnlyTheInFlightChunkSentTwice() throws Exception {
		this.child = startChild("run", "--date=" + DATE);
		assertThat(this.thirdCall.awaitArrival(60)).as("third call arrived").isTrue();

		// one run at a time: another date, and recover, are refused while it runs;
		// nothing is sent
		assertThat(command("run", "--date=2026-11-26")).isEqualTo(ExitCodes.ALREADY_RUNNING);
		assertThat(this.out.toString()).contains("Another contact-sync run is in progress");
		int callsWhileRunning = this.sandbox.calls();
		assertThat(command("recover")).isEqualTo(ExitCodes.ALREADY_RUNNING);
		assertThat(this.sandbox.calls()).isGreaterThanOrEqualTo(callsWhileRunning);

		this.child.kill();
		assertThat(this.child.awaitExit(30)).isEqualTo(137);
		this.thirdCall.release();
		// what the dead process's calls carried; the held call is answered to nobody
		this.synced.awaitAnswered(this.sandbox.calls());
		List<List<String>> callsOfTheDeadRun = this.synced.sentCalls();
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
		// at most the chunk each partition had in flight when the process died was sent
		// again
		List<List<String>> resent = this.synced.assertSyncedOnceAndSentAtMostTwice(CHANGES, callsOfTheDeadRun);
		assertThat(resent).as("calls of the dead run sent again: %s", resent).hasSizeLessThanOrEqualTo(3);
		assertThat(resent.stream().flatMap(List::stream).toList()).containsAll(this.synced.sentTwice());
	}

	@Test
	void sigtermLetsTheCurrentChunkFinishThenStopsAndTheSameCommandResumes() throws Exception {
		this.child = startChild("run", "--date=" + DATE);
		assertThat(this.thirdCall.awaitArrival(60)).isTrue();

		this.child.process().destroy();
		Thread.sleep(500);
		this.thirdCall.release();

		// every partition finished its current chunk and stopped: what was sent is
		// recorded
		assertStoppedAfterTheCurrentChunksThenTheSameCommandResumes();
	}

	@Test
	void stopCommandFromAnotherProcessStopsTheRunAfterItsCurrentChunk() throws Exception {
		this.child = startChild("run", "--date=" + DATE);
		assertThat(this.thirdCall.awaitArrival(60)).isTrue();

		assertThat(command("stop")).isZero();
		assertThat(this.out.toString()).contains("to stop after its current chunk");
		this.thirdCall.release();

		assertStoppedAfterTheCurrentChunksThenTheSameCommandResumes();
	}

	private void assertStoppedAfterTheCurrentChunksThenTheSameCommandResumes() throws Exception {
		assertThat(this.child.awaitExit(60)).isEqualTo(ExitCodes.RUN_FAILED);
		assertThat(this.synced.executionStatuses()).containsExactly("STOPPED");
		// everything sent was recorded (how far the other partitions got depends on the
		// split and the timing)
		assertThat(this.synced.countWhere("sync_state = 'SYNCED'")).isEqualTo(this.synced.timesSent().size());

		assertThat(command("run", "--date=" + DATE)).isZero();
		this.synced.assertEveryChangeSentOnce(CHANGES);
	}

	@Test
	void serveStopsCleanlyOnSigterm() throws Exception {
		this.child = startChild("serve", "--server.port=0", "--contact-sync.schedule=0 0 0 1 1 *");
		this.child.awaitOutput("Serving; SIGTERM or Ctrl-C stops.", 60);

		this.child.process().destroy();

		assertThat(this.child.awaitExit(60)).isZero();
		assertThat(this.sandbox.calls()).isZero();
	}

	private int command(String... command) {
		this.out.getBuffer().setLength(0);
		List<String> args = new ArrayList<>(List.of(command));
		args.addAll(this.synced.settings(TOKEN));
		return ContactSyncCli.execute(new PrintWriter(this.out, true), new PrintWriter(this.out, true),
				args.toArray(String[]::new));
	}

	private ChildProcess startChild(String... command) throws IOException {
		List<String> args = new ArrayList<>(List.of(command));
		args.addAll(this.synced.settings(TOKEN));
		return ChildProcess.start(args);
	}

}
