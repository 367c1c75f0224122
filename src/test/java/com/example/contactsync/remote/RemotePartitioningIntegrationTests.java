package com.example.contactsync.remote;

import java.io.File;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.contactsync.cli.ContactSyncCliAccess;
import com.example.contactsync.remote.RemoteProcesses.Child;

import static com.example.contactsync.remote.RemoteProcesses.DATE;
import static com.example.contactsync.remote.RemoteProcesses.TOKEN;
import static com.example.contactsync.remote.RemoteProcesses.executed;
import static com.example.contactsync.remote.RemoteProcesses.workerId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Remote partitioning with real processes on a real PostgreSQL server: a manager JVM
 * ({@code run} with {@code contact-sync.partitioning=remote}), worker JVMs, and the
 * sandbox API — two workers at the defaults execute 2 partitions each under one rate
 * ceiling; a worker killed between taking a request and claiming it leaves the request to
 * another; {@code stop} stops the partitions on every worker; a dead manager and
 * {@code recover}; a manager with no worker fails with a clear message; H2 is refused.
 * What happens when workers die, pause or shut down during a run:
 * {@link RemoteResumingIntegrationTests}.
 */
class RemotePartitioningIntegrationTests extends AbstractRemoteProcessTests {

	@Test
	void twoWorkersAtTheDefaultsShareTheRunsPartitionsAndTheCeilingHoldsForBoth() throws Exception {
		// the README's settings: two workers of 4 slots, a grid of 4
		List<Child> workers = this.remote.startWorkers(4, 4);
		Child first = workers.get(0);
		Child second = workers.get(1);

		// status shows who would execute a run's partitions
		assertThat(this.remote.command("status")).isZero();
		assertThat(this.remote.out.toString()).contains("Workers alive: 2");

		// once every partition has a call held, all four are under way and none ended:
		// how they are shared is settled
		Child manager = this.remote.startManagerWithCallsHeld(4);
		this.remote.hold.countDown();
		assertThat(manager.waitForExit()).as(manager.log()).isZero();

		this.synced.assertEveryChangeSentOnce(CHANGES);
		// each worker executed its fair share: 4 partitions / 2 workers
		assertThat(executed(first)).as(first.log()).isEqualTo(2);
		assertThat(executed(second)).as(second.log()).isEqualTo(2);
		assertThat(this.remote.partitionSteps()).hasSize(4).allMatch((status) -> status.equals("COMPLETED"));
		// the ceiling held for the two workers together, measured at the server
		assertAtMostPerSecond(this.remote.sandbox.arrivals(), this.remote.callsPerSecond);
		// one progress line for the run, from the manager; each worker tells its share
		assertThat(manager.log()).containsPattern("Progress: \\d+ of 40 changes")
			.containsPattern("Partitions of run \\d+ by worker: partition0of4 COMPLETED on ");
		assertThat(first.log() + second.log()).contains("Progress of this worker's partitions:");
		// status says which worker executed which partition
		assertThat(this.remote.command("status")).isZero();
		String status = this.remote.out.toString();
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
		Child doomed = this.remote.startWorker(4);
		doomed.awaitLog("is waiting for partitions");
		Child manager;
		Child survivor;
		try (Connection lock = this.synced.connect()) {
			lock.setAutoCommit(false);
			try (Statement statement = lock.createStatement()) {
				statement.execute("LOCK TABLE contact_sync_worker_partition IN EXCLUSIVE MODE");
			}
			manager = this.remote.startManager();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
			while (this.synced
				.strings("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
						+ " AND query LIKE 'INSERT INTO contact_sync_worker_partition%'")
				.equals(List.of("0"))) {
				assertThat(System.nanoTime()).as("a claim blocked:%n%s", doomed.log()).isLessThan(deadline);
				Thread.sleep(100);
			}
			// another worker alive, so that the run does not end for want of workers
			survivor = this.remote.startWorker(4);
			survivor.awaitLog("is waiting for partitions");
			doomed.process().destroyForcibly();
			assertThat(doomed.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
			lock.rollback();
		}

		assertThat(manager.waitForExit()).as(manager.log()).isZero();
		this.synced.assertEveryChangeSentOnce(CHANGES);
		assertThat(executed(survivor)).as(survivor.log()).isEqualTo(4);
		assertThat(doomed.log()).doesNotContain("Executing syncContactChangesPartition");
	}

	@Test
	void stopStopsThePartitionsOnEveryWorkerAndTheSameCommandResumes() throws Exception {
		this.remote.startWorkers(2, 2);
		Child manager = this.remote.startManagerWithCallsHeld(4);

		assertThat(this.remote.command("stop")).isZero();
		this.remote.hold.countDown();

		assertThat(manager.waitForExit()).as(manager.log()).isEqualTo(1);
		assertThat(this.synced.executionStatuses()).containsExactly("STOPPED");
		// a run asked to stop resumes nothing: every partition ended STOPPED, once
		assertThat(this.remote.partitionSteps()).hasSize(4).allMatch((status) -> status.equals("STOPPED"));
		assertThat(this.synced.countWhere("sync_state = 'SYNCED'")).isEqualTo(this.synced.timesSent().size());

		assertThat(this.remote.command("run", "--date=" + DATE)).as(this.remote.out.toString()).isZero();
		this.synced.assertEveryChangeSentOnce(CHANGES);
	}

	@Test
	void recoverWaitsForLiveWorkersWhenTheManagerDiedAndTheRunThenCompletesWithNothingSentTwice() throws Exception {
		this.remote.startWorkers(2, 2);
		Child manager = this.remote.startManagerWithCallsHeld(4);
		manager.process().destroyForcibly();
		assertThat(manager.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

		// the workers go on with the dead manager's partitions: recover must not fail
		// them
		assertThat(this.remote.command("recover")).isEqualTo(4);
		assertThat(this.remote.out.toString()).contains("live workers still execute its partitions");
		this.remote.hold.countDown();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (!this.remote.partitionSteps().stream().allMatch((status) -> status.equals("COMPLETED"))) {
			assertThat(System.nanoTime()).as("partitions completed: %s", this.remote.partitionSteps())
				.isLessThan(deadline);
			Thread.sleep(200);
		}

		assertThat(this.remote.command("recover")).as(this.remote.out.toString()).isZero();
		assertThat(this.remote.out.toString()).contains("Recovered run");
		assertThat(this.remote.command("run", "--date=" + DATE)).as(this.remote.out.toString()).isZero();
		assertThat(this.synced.executionStatuses()).containsExactly("FAILED", "COMPLETED");
		this.synced.assertEveryChangeSentOnce(CHANGES);
	}

	@Test
	void aManagerWithNoWorkerAliveFailsWithAClearMessage() {
		assertThat(this.remote.command("run", "--date=" + DATE)).isEqualTo(1);
		assertThat(this.remote.out.toString()).contains("No contact-sync worker is alive")
			.contains("contact-sync worker");
		assertThat(this.remote.sandbox.calls()).isZero();
	}

	@Test
	void remotePartitioningOnH2IsRefused(@TempDir File dir) {
		java.io.StringWriter out = new java.io.StringWriter();
		int exit = ContactSyncCliAccess.execute(new PrintWriter(out, true), "run", "--date=" + DATE,
				"--spring.datasource.url=jdbc:h2:file:" + dir.getAbsolutePath() + "/db",
				"--contact-sync.partitioning=remote", "--dustess.base-url=" + this.remote.sandbox.baseUrl(),
				"--dustess.access-token=" + TOKEN);
		assertThat(exit).as(out.toString()).isEqualTo(2);
		assertThat(out.toString()).contains("contact-sync.partitioning=remote needs PostgreSQL");
	}

	/** No window of one second, wherever it begins, saw more than {@code limit} calls. */
	private static void assertAtMostPerSecond(List<Long> arrivals, int limit) {
		List<Long> sorted = arrivals.stream().sorted().toList();
		for (int i = limit; i < sorted.size(); i++) {
			assertThat(sorted.get(i) - sorted.get(i - limit)).as("calls %d..%d arrived within a second", i - limit, i)
				.isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
		}
	}

}
