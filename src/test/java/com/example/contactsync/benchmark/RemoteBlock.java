package com.example.contactsync.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.example.contactsync.benchmark.BenchmarkMachine.loadAverage;
import static com.example.contactsync.benchmark.BenchmarkMachine.tail;

/**
 * {@link SyncBenchmark}'s remote partitioning block (issue 22), at an API latency of 50
 * ms and a ceiling of 200 calls per second, well above the bound of 4 partitions / 50 ms
 * = 80 calls per second. The same backlog is sent:
 * <ul>
 * <li>by one process, {@code run} at concurrency 4 (local partitioning);</li>
 * <li>by a manager ({@code run} with {@code contact-sync.partitioning=remote}) and two
 * {@code worker} processes, all at the defaults: a grid of 4 (the manager's
 * {@code contact-sync.concurrency}), 4 slots per worker, a fair share of the partitions
 * per worker;</li>
 * <li>the same, with one worker killed (kill -9: {@link Process#destroyForcibly()}) once
 * a third of the run's calls arrived at the stub: the time from the kill to the manager's
 * {@code Resuming} line and to the run's end (the manager's exit), its exit code and job
 * executions (one, COMPLETED), the calls and entries the stub received more than once,
 * and the worker that finished the lost partitions. This case sets
 * {@code contact-sync.remote.heartbeat-interval=1s} and {@code lost-after=6s} (defaults 5
 * s and 30 s) on all three processes, so that the loss is noticed in seconds.</li>
 * </ul>
 * Which worker executed which partition comes from the manager's log line
 * {@code Partitions of run N by worker: ...}.
 */
record RemoteBlock(int size, int rounds, int chunkSize, String date, BenchmarkDatabase data, BenchmarkStub stub,
		Path out, List<String> settings, Launch launch, LocalRun local, Measure measure) {

	static final int LATENCY_MS = 50;

	static final long CALLS_PER_SECOND = 200;

	/** The manager's grid and the local run's concurrency: the default, 4. */
	private static final int GRID = 4;

	private static final List<String> SHORT_HEARTBEATS = List.of("--contact-sync.remote.heartbeat-interval=1s",
			"--contact-sync.remote.lost-after=6s");

	private static final Pattern EXECUTED = Pattern.compile("Partitions of run \\d+ by worker: (.*)");

	private static final Pattern EXECUTION = Pattern.compile("partition(\\d+)of\\d+ (\\w+) on [^ ]*:(\\d+):\\w+");

	/**
	 * The start of a child JVM's command line, up to its jar:
	 * {@code java ... -jar x.jar}.
	 */
	@FunctionalInterface
	interface Launch {

		List<String> java(String name);

	}

	/**
	 * One {@code run} of the job in a process of its own at concurrency {@link #GRID}.
	 */
	@FunctionalInterface
	interface LocalRun {

		CaseRow run(int size, long callsPerSecond) throws Exception;

	}

	/**
	 * Runs a process, timed, its output in {@code <name>.log}, the stub's counters reset.
	 */
	@FunctionalInterface
	interface Measure {

		MeasuredProcess.Result run(String label, String name, List<String> command, Duration timeout) throws Exception;

	}

	List<String> lines() throws Exception {
		List<String> block = new ArrayList<>();
		double bound = Math.min(CALLS_PER_SECOND, GRID / (LATENCY_MS / 1000.0));
		block.add(String.format(Locale.ROOT,
				"Remote partitioning, %d changes, API latency %d ms, calls-per-second %d (bound min(%d, %d / %d ms) ="
						+ " %.0f calls/s), chunk size %d; %d CPUs shared by every process, PostgreSQL and the stub",
				this.size, LATENCY_MS, CALLS_PER_SECOND, CALLS_PER_SECOND, GRID, LATENCY_MS, bound, this.chunkSize,
				Runtime.getRuntime().availableProcessors()));
		block.add(String.format("%-30s %6s %8s %8s %9s %8s %8s  %s", "case", "calls", "window s", "calls/s",
				"changes/s", "in flight", "seconds", "partitions executed per worker"));
		this.stub.latency(Duration.ofMillis(LATENCY_MS));
		this.stub.trackRepeats(true);
		try {
			for (int round = 1; round <= this.rounds; round++) {
				block.add(String.format("round %d of %d, load average (1, 5, 15 min) %s", round, this.rounds,
						loadAverage()));
				CaseRow local = this.local.run(this.size, CALLS_PER_SECOND);
				block.add(row("local c=4 (one process)", local.calls(), local.seconds(), "4 on its own threads"));
				block.addAll(remote(round, false));
				block.addAll(remote(round, true));
			}
		}
		finally {
			this.stub.trackRepeats(false);
		}
		block.add("window s: the first call's arrival at the stub to its last answer; calls/s = calls / window;"
				+ " changes/s = changes / window;");
		block.add("in flight: the most calls the stub had at once; seconds: the process start to exit (for remote,"
				+ " the manager's; its workers");
		block.add("were started and waiting before it); w1, w2: the workers, partitions by number;"
				+ " every process at contact-sync.concurrency 4,");
		block.add("poll-interval 1s; the kill case only: heartbeat-interval 1s, lost-after 6s (defaults 5s, 30s),"
				+ " set on all three processes.");
		block.add("(failed): the execution lost with the killed worker; kill to 'Resuming': to the manager's log line"
				+ " 'Resuming partitionN...';");
		block.add("received twice: calls carrying entries the stub had received before (counted at arrival).");
		return block;
	}

	private List<String> remote(int round, boolean kill) throws Exception {
		String name = "remote-" + this.size + (kill ? "-kill" : "") + "-round" + round;
		List<String> extra = kill ? SHORT_HEARTBEATS : List.of();
		List<Process> workers = new ArrayList<>();
		List<Path> logs = new ArrayList<>();
		KillWatch watch = null;
		try {
			for (int i = 1; i <= 2; i++) {
				Path log = this.out.resolve(name + "-worker" + i + ".log");
				List<String> command = new ArrayList<>(this.launch.java(name + "-worker" + i));
				command.addAll(List.of("worker", "--server.port=0", "--contact-sync.partitioning=remote"));
				command.addAll(this.settings);
				command.addAll(extra);
				workers.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
				logs.add(log);
			}
			for (int i = 0; i < workers.size(); i++) {
				awaitReady(workers.get(i), logs.get(i));
			}
			this.data.reset(this.size);
			List<String> command = new ArrayList<>(this.launch.java(name));
			command.addAll(List.of("run", "--date=" + this.date, "--contact-sync.partitioning=remote"));
			command.addAll(this.settings);
			command.addAll(extra);
			Thread watcher = null;
			if (kill) {
				int calls = (this.size + this.chunkSize - 1) / this.chunkSize;
				KillWatch started = new KillWatch();
				Path managerLog = this.out.resolve(name + ".log");
				watcher = new Thread(() -> killOneWorker(started, workers, logs, managerLog, calls / 3), "kill-watch");
				watch = started;
				watcher.start();
			}
			String label = kill ? "manager + 2 workers, kill -9" : "manager + 2 workers";
			MeasuredProcess.Result result = this.measure.run(label, name, command, CaseRow.timeout(this.size));
			long ended = System.nanoTime();
			if (watcher != null) {
				watch.stop = true;
				watcher.join();
			}
			BenchmarkStub.Counters calls = this.stub.counters();
			BenchmarkStub.Repeats repeats = this.stub.repeats();
			List<String> statuses = this.data.jobExecutionStatuses();
			if (result.exitCode() != 0 || !statuses.equals(List.of("COMPLETED"))) {
				throw new IllegalStateException(label + " exited with " + result.exitCode() + ", job executions "
						+ statuses + ": " + tail(result));
			}
			this.data.checkEverythingSynced(this.size, label, result);
			Map<Integer, List<String>> byWorker = executedBy(result.output(), workers);
			List<String> lines = new ArrayList<>();
			lines.add(row(label, calls, result.seconds(), shares(byWorker)));
			if (watch != null) {
				if (watch.killedAt == 0) {
					throw new IllegalStateException("No worker was killed: " + tail(result));
				}
				int killed = watch.killed + 1;
				List<String> lost = byWorker.get(killed)
					.stream()
					.filter((partition) -> partition.endsWith("(failed)"))
					.map((partition) -> partition.replace("(failed)", ""))
					.toList();
				List<String> finishedBy = new ArrayList<>();
				byWorker.forEach((worker, partitions) -> partitions.stream()
					.filter((partition) -> worker != killed && lost.contains(partition))
					.forEach((partition) -> finishedBy.add(partition + " by w" + worker)));
				lines.add(String.format(Locale.ROOT,
						"  kill -9 of w%d at %d of %d calls arrived; lost: partition %s, finished %s;"
								+ " kill to 'Resuming' %.1f s, kill to the run's end %.1f s",
						killed, watch.arrivalsAtKill, (this.size + this.chunkSize - 1) / this.chunkSize,
						String.join(",", lost), String.join(", ", finishedBy),
						(watch.resumedAt == 0) ? Double.NaN : (watch.resumedAt - watch.killedAt) / 1e9,
						(ended - watch.killedAt) / 1e9));
				lines.add(String.format(Locale.ROOT,
						"  exit %d, job executions %s, every change SYNCED once; received twice: %d calls, %d entries",
						result.exitCode(), statuses, repeats.calls(), repeats.entries()));
			}
			else if (repeats.entries() > 0) {
				throw new IllegalStateException(label + ": " + repeats + " received twice with no worker killed");
			}
			return lines;
		}
		finally {
			for (Process worker : workers) {
				worker.destroy();
			}
			for (Process worker : workers) {
				worker.waitFor(60, TimeUnit.SECONDS);
			}
			if (watch != null && watch.killedAt != 0) {
				this.data.forgetWorker(workers.get(watch.killed).pid());
			}
		}
	}

	/**
	 * Waits for a worker to poll for partitions: 5 minutes at the most (on 2 cores at a
	 * load average of 17 two workers took more than the 2 minutes this once allowed).
	 */
	private static void awaitReady(Process worker, Path log) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
		while (!Files.readString(log).contains("is waiting for partitions")) {
			if (System.nanoTime() > deadline || !worker.isAlive()) {
				throw new IllegalStateException("worker did not start: " + Files.readString(log));
			}
			Thread.sleep(100);
		}
	}

	/**
	 * Per worker (1, 2), the partitions it executed, in the manager's order (by
	 * partition, then by execution); {@code 2(lost)} for an execution lost with its
	 * worker.
	 */
	private static Map<Integer, List<String>> executedBy(String managerLog, List<Process> workers) {
		Matcher line = EXECUTED.matcher(managerLog);
		if (!line.find()) {
			throw new IllegalStateException("The manager did not say who executed which partition");
		}
		Map<Integer, List<String>> byWorker = new LinkedHashMap<>();
		for (int i = 1; i <= workers.size(); i++) {
			byWorker.put(i, new ArrayList<>());
		}
		Matcher execution = EXECUTION.matcher(line.group(1));
		while (execution.find()) {
			long pid = Long.parseLong(execution.group(3));
			for (int i = 0; i < workers.size(); i++) {
				if (workers.get(i).pid() == pid) {
					byWorker.get(i + 1)
						.add(execution.group(1) + ("COMPLETED".equals(execution.group(2)) ? ""
								: "(" + execution.group(2).toLowerCase(Locale.ROOT) + ")"));
				}
			}
		}
		return byWorker;
	}

	private static String shares(Map<Integer, List<String>> byWorker) {
		List<String> shares = new ArrayList<>();
		byWorker.forEach((worker, partitions) -> shares.add("w" + worker + ": " + String.join(",", partitions)));
		return String.join(" | ", shares);
	}

	private String row(String label, BenchmarkStub.Counters calls, double seconds, String shares) {
		double window = calls.apiWindowSeconds();
		return String.format(Locale.ROOT, "%-30s %6d %8.2f %8.1f %9.0f %8d %8.1f  %s", label, calls.calls(), window,
				calls.calls() / window, this.size / window, calls.maxInFlight(), seconds, shares);
	}

	/**
	 * Kills (the first) worker that executes a partition once {@code threshold} calls
	 * arrived at the stub, then waits for the manager's {@code Resuming} line; what
	 * happened, in {@code watch}.
	 */
	private void killOneWorker(KillWatch watch, List<Process> workers, List<Path> logs, Path managerLog,
			int threshold) {
		try {
			while (this.stub.arrivals() < threshold) {
				if (watch.stop) {
					return;
				}
				Thread.sleep(5);
			}
			while (watch.killed < 0) {
				if (watch.stop) {
					return;
				}
				for (int i = 0; i < workers.size() && watch.killed < 0; i++) {
					if (Files.readString(logs.get(i)).contains("Executing syncContactChangesPartition:")) {
						watch.arrivalsAtKill = this.stub.arrivals();
						watch.killedAt = System.nanoTime();
						workers.get(i).destroyForcibly();
						watch.killed = i;
					}
				}
				Thread.sleep(5);
			}
			while (!watch.stop) {
				if (Files.exists(managerLog) && Files.readString(managerLog).contains("Resuming ")) {
					watch.resumedAt = System.nanoTime();
					return;
				}
				Thread.sleep(20);
			}
		}
		catch (Exception ex) {
			System.err.println("[benchmark] the kill watch failed: " + ex);
		}
	}

	/** What the kill watch did: which worker (0-based) it killed, and when. */
	private static final class KillWatch {

		volatile boolean stop;

		volatile int killed = -1;

		volatile int arrivalsAtKill;

		volatile long killedAt;

		volatile long resumedAt;

	}

}
