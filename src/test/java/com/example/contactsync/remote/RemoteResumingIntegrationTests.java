package com.example.contactsync.remote;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.example.contactsync.remote.RemoteProcesses.Child;

import static com.example.contactsync.remote.RemoteProcesses.DATE;
import static com.example.contactsync.remote.RemoteProcesses.executed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers that die, pause or shut down during a remote run, with real processes on a real
 * PostgreSQL server and the sandbox: the partitions they held are resumed on the workers
 * alive within the same {@code run}, which completes — a worker killed mid-chunk costs at
 * most its call in flight; a worker paused past {@code lost-after} sends nothing of what
 * was taken over when it continues, and rejoins; a rolling restart of every worker costs
 * nothing; with no worker left the run fails with a clear message and the next
 * {@code run} finishes it.
 */
class RemoteResumingIntegrationTests extends AbstractRemoteProcessTests {

	@Test
	void aWorkerKilledMidChunkHasItsPartitionResumedOnAnotherAndTheSameRunCompletes() throws Exception {
		// the doomed worker's one slot takes one partition; two more at the defaults
		Child doomed = this.remote.startWorker(1);
		doomed.awaitLog("is waiting for partitions");
		List<Child> survivors = this.remote.startWorkers(4, 4);
		Child manager = this.remote.startManagerWithCallsHeld(4);
		doomed.awaitLog("Executing syncContactChangesPartition:partition");
		String lostPartition = doomed.log()
			.replaceAll("(?s).*Executing syncContactChangesPartition:(partition\\d+of4).*", "$1");
		doomed.process().destroyForcibly();
		assertThat(doomed.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
		this.remote.hold.countDown();
		List<List<String>> callsBeforeTheKill = this.synced.sentCalls();

		assertThat(manager.waitForExit()).as(manager.log()).isZero();
		assertThat(this.synced.executionStatuses()).containsExactly("COMPLETED");
		assertThat(manager.log()).contains("Partition " + lostPartition + " was lost: its worker")
			.contains("Resuming " + lostPartition + " of run");
		// the history keeps the lost execution and why it ended
		assertThat(this.remote.partitionSteps()).hasSize(5).containsOnlyOnce("FAILED");
		assertThat(this.synced.strings("SELECT exit_message FROM batch_step_execution WHERE status = 'FAILED'"))
			.singleElement()
			.asString()
			.contains("was lost");
		// at most the call the killed worker had in flight went out twice
		List<List<String>> resent = this.synced.assertSyncedOnceAndSentAtMostTwice(CHANGES, callsBeforeTheKill);
		assertThat(resent).as("calls sent again: %s", resent).hasSizeLessThanOrEqualTo(1);
		assertThat(survivors.get(0).log() + survivors.get(1).log())
			.contains("Executing syncContactChangesPartition:" + lostPartition);
	}

	@Test
	void theOnlyWorkerKilledFailsTheRunClearlyAndTheNextRunFinishesIt() throws Exception {
		Child doomed = this.remote.startWorkers(4).get(0);
		Child manager = this.remote.startManagerWithCallsHeld(4);
		doomed.process().destroyForcibly();
		assertThat(doomed.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
		this.remote.hold.countDown();
		List<List<String>> callsBeforeTheKill = this.synced.sentCalls();

		// resumed, but no worker is there to take the partitions
		assertThat(manager.waitForExit()).as(manager.log()).isEqualTo(1);
		assertThat(manager.log()).contains("was lost: its worker").contains("No contact-sync worker is alive");
		assertThat(this.synced.executionStatuses()).containsExactly("FAILED");

		Child survivor = this.remote.startWorkers(4).get(0);
		assertThat(this.remote.command("run", "--date=" + DATE)).as(this.remote.out.toString()).isZero();
		assertThat(this.synced.executionStatuses()).containsExactly("FAILED", "COMPLETED");
		// at most the four calls in flight when the worker died
		List<List<String>> resent = this.synced.assertSyncedOnceAndSentAtMostTwice(CHANGES, callsBeforeTheKill);
		assertThat(resent).as("calls sent again: %s", resent).hasSizeLessThanOrEqualTo(4);
		assertThat(executed(survivor)).isEqualTo(4);
	}

	/**
	 * A worker paused (SIGSTOP) for twice {@code lost-after} between two calls: the
	 * manager takes it for dead and resumes its partitions on the other worker; when it
	 * continues, the fence stops it before its next call, so nothing is sent twice; it
	 * rejoins and takes its share of the next run. At one call per second, a call ends
	 * and is recorded long before the next may start: half a second after a call arrives
	 * no call is in flight.
	 */
	@Test
	void aWorkerPausedPastLostAfterSendsNothingOfItsTakenOverPartitionsAndRejoins() throws Exception {
		this.remote.callsPerSecond = 1;
		List<Child> workers = this.remote.startWorkers(4, 4);
		Child paused = workers.get(0);
		Child manager = this.remote.startManager();
		paused.awaitLog("Executing syncContactChangesPartition:partition");
		this.remote.awaitCalls(this.remote.sandbox.calls() + 1);
		Thread.sleep(500);
		paused.signal("STOP");
		manager.awaitLog("Resuming ");
		Thread.sleep(4000);
		paused.signal("CONT");

		assertThat(manager.waitForExit()).as(manager.log()).isZero();
		this.synced.assertEveryChangeSentOnce(CHANGES);
		paused.awaitLog("is no longer executed by worker");
		// one line says it; Spring Batch's reports of the stale execution are kept out
		assertThat(paused.log()).doesNotContain("should not be restarted");
		// it rejoins: a run of new changes shares its partitions with it
		try (var connection = this.synced.connect(); var statement = connection.createStatement()) {
			statement.execute("INSERT INTO contact_change (external_id, remark) SELECT 'late-' || i, 'l' || i"
					+ " FROM generate_series(1, 8) i");
		}
		int before = executed(paused);
		this.remote.callsPerSecond = 6;
		assertThat(this.remote.command("run", "--date=2026-11-29")).as(this.remote.out.toString()).isZero();
		assertThat(executed(paused)).as(paused.log()).isGreaterThan(before);
		assertThat(this.synced.countWhere("sync_state <> 'SYNCED'")).isZero();
	}

	/**
	 * Every worker restarted, one at a time (SIGTERM, then a new one), during a run: each
	 * hands its partitions back after its current chunk, the others resume them, and the
	 * run completes with every change sent once.
	 */
	@Test
	void aRollingRestartOfEveryWorkerDuringARunCostsNothing() throws Exception {
		this.remote.callsPerSecond = 1;
		// 80 changes, 40 calls: the run lasts longer than the restarts
		try (var connection = this.synced.connect(); var statement = connection.createStatement()) {
			statement.execute("INSERT INTO contact_change (external_id, remark) SELECT 'more-' || i, 'm' || i"
					+ " FROM generate_series(1, 40) i");
		}
		List<Child> workers = this.remote.startWorkers(4, 4);
		Child manager = this.remote.startManager();
		for (Child worker : workers) {
			worker.awaitLog("Executing syncContactChangesPartition:partition");
		}
		for (Child worker : workers) {
			worker.process().destroy();
			assertThat(worker.waitForExit()).as(worker.log()).isZero();
			this.remote.startWorkers(4);
		}

		assertThat(manager.waitForExit()).as(manager.log()).isZero();
		assertThat(manager.log()).contains("its worker handed it back as it shut down");
		assertThat(this.synced.executionStatuses()).containsExactly("COMPLETED");
		this.synced.assertEveryChangeSentOnce(2 * CHANGES);
	}

}
