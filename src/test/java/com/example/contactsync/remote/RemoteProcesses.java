package com.example.contactsync.remote;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.json.JsonMapper;

import com.example.contactsync.ContactSyncApplication;
import com.example.contactsync.cli.ContactSyncCliAccess;
import com.example.contactsync.sandbox.TestDustessSandbox;
import com.example.contactsync.support.SyncedChanges;
import com.example.contactsync.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parts of the remote partitioning process tests: a real PostgreSQL database, the
 * sandbox API, {@code run} and {@code worker} JVMs started as children (each logging to
 * its own file under {@code target/remote-tests}), and commands run in the test's JVM —
 * all with chunks of 2, four partitions and short heartbeats ({@code lost-after} 4 s).
 */
final class RemoteProcesses implements AutoCloseable {

	static final String TOKEN = "remote-test-token";

	static final String DATE = "2026-11-28";

	final TestPostgres.Database database = TestPostgres.createDatabase("remote_tests");

	final TestDustessSandbox sandbox;

	final StringWriter out = new StringWriter();

	final SyncedChanges synced;

	private final List<Child> children = new ArrayList<>();

	/** The ceiling of every process started from now on. */
	int callsPerSecond = 6;

	/** Calls after the first two wait here, while set. */
	volatile CountDownLatch hold;

	RemoteProcesses(int changes) throws Exception {
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
		this.synced.insertPending(changes);
	}

	@Override
	public void close() {
		CountDownLatch latch = this.hold;
		if (latch != null) {
			latch.countDown();
		}
		this.children.forEach((child) -> {
			child.signal("CONT");
			child.process.destroyForcibly();
		});
		this.sandbox.close();
	}

	/** How many partitions a worker executed, as its log tells. */
	static int executed(Child worker) {
		return worker.log().split("Executing syncContactChangesPartition:", -1).length - 1;
	}

	static String workerId(Child worker) {
		return worker.log().replaceAll("(?s).*Worker (\\S+) is ready for partitions.*", "$1");
	}

	void awaitCalls(int calls) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (this.sandbox.calls() < calls) {
			assertThat(System.nanoTime()).as("%d calls arrived", calls).isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	/** The status of each partition's step execution, oldest first. */
	List<String> partitionSteps() throws SQLException {
		return this.synced
			.strings("SELECT status FROM batch_step_execution WHERE step_name LIKE 'syncContactChangesPartition:%'"
					+ " ORDER BY step_execution_id");
	}

	private List<String> settings() {
		return List.of("--spring.datasource.url=" + this.database.url(),
				"--spring.datasource.username=" + this.database.user(),
				"--spring.datasource.password=" + this.database.password(),
				"--dustess.base-url=" + this.sandbox.baseUrl(), "--dustess.access-token=" + TOKEN,
				"--dustess.rate-limit.calls-per-second=" + this.callsPerSecond, "--contact-sync.chunk-size=2",
				"--contact-sync.partitioning=remote", "--dustess.retry.max-attempts=1",
				"--contact-sync.remote.poll-interval=200ms", "--contact-sync.remote.heartbeat-interval=1s",
				"--contact-sync.remote.lost-after=4s", "--contact-sync.progress-interval=1s");
	}

	/** A command in this JVM, its output in {@link #out}. */
	int command(String... command) {
		this.out.getBuffer().setLength(0);
		List<String> args = new ArrayList<>(List.of(command));
		args.addAll(settings());
		args.add("--contact-sync.concurrency=4");
		return ContactSyncCliAccess.execute(new PrintWriter(this.out, true), args.toArray(String[]::new));
	}

	/**
	 * The manager's run of {@link #DATE}, once 2 calls were answered and each of the
	 * partitions under way has a call held until {@code hold} is released.
	 */
	Child startManagerWithCallsHeld(int partitionsUnderWay) throws IOException, InterruptedException {
		this.hold = new CountDownLatch(1);
		Child manager = startManager();
		awaitCalls(2 + partitionsUnderWay);
		return manager;
	}

	/** The manager's run of {@link #DATE}. */
	Child startManager(String... settings) throws IOException {
		List<String> command = new ArrayList<>(List.of("run", "--date=" + DATE));
		command.addAll(List.of(settings));
		return startChild("manager", command.toArray(String[]::new));
	}

	/** Workers of these concurrencies, started side by side and ready. */
	List<Child> startWorkers(int... concurrencies) throws IOException, InterruptedException {
		List<Child> workers = new ArrayList<>();
		for (int concurrency : concurrencies) {
			workers.add(startWorker(concurrency));
		}
		for (Child worker : workers) {
			worker.awaitLog("is waiting for partitions");
		}
		return workers;
	}

	Child startWorker(int concurrency) throws IOException {
		return startChild("worker", "worker", "--server.port=0", "--contact-sync.concurrency=" + concurrency);
	}

	Child startChild(String name, String... command) throws IOException {
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

	record Child(Process process, File logFile) {

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

		/** Sends a signal ({@code STOP}, {@code CONT}) to the process, if alive. */
		void signal(String signal) {
			if (!this.process.isAlive()) {
				return;
			}
			try {
				new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid())).inheritIO()
					.start()
					.waitFor(10, TimeUnit.SECONDS);
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
