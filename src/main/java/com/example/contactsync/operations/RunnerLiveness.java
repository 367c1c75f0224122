package com.example.contactsync.operations;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether another process runs the job now, from the heartbeats of
 * {@code contact_sync_runner}: a dropped lock connection does not fake them. A process is
 * alive while its heartbeat is younger than {@code lostAfter}, or, on this host, while
 * its process lives (same pid and start time: a run whose database was away a while has
 * an old heartbeat but is alive). A process of another host that looks dead is looked at
 * again after two heartbeat intervals: it may be a live run that has just got its
 * database back.
 *
 * @param host this host, whose processes are looked at directly
 * @param localProcessAlive whether the process of a row of this host lives
 * ({@link #processAlive})
 * @param sleeper how to wait before looking again (a seam for the tests)
 */
record RunnerLiveness(Runners runners, String host, Duration heartbeatInterval, Duration lostAfter,
		Predicate<Runners.Runner> localProcessAlive, Sleeper sleeper) {

	/**
	 * Whether the process of a row of this host lives: same pid, same start time (in its
	 * id, {@link RunLease#runnerId}).
	 */
	static boolean processAlive(Runners.Runner runner) {
		String[] parts = runner.id().split(":");
		if (parts.length < 4) {
			return false;
		}
		long startMillis = Long.parseLong(parts[parts.length - 2]);
		return ProcessHandle.of(runner.pid())
			.flatMap((process) -> process.info().startInstant())
			.map((start) -> Math.abs(start.toEpochMilli() - startMillis) < 1000)
			.orElse(false);
	}

	private static final Logger logger = LoggerFactory.getLogger(RunnerLiveness.class);

	/**
	 * Another live process that runs the job, or empty.
	 * @param self this process's id, left out
	 */
	Optional<Runners.Runner> other(String self) {
		List<Runners.Runner> others = others(self);
		Optional<Runners.Runner> live = others.stream().filter(this::alive).findFirst();
		if (live.isPresent()) {
			return live;
		}
		// another host's process silent for less than a day: maybe a live run whose
		// database has just come back; its heartbeat would be renewed within an interval
		List<Runners.Runner> doubtful = others.stream()
			.filter((runner) -> !runner.host().equals(this.host))
			.filter((runner) -> runner.silentFor().compareTo(Duration.ofDays(1)) < 0)
			.toList();
		if (doubtful.isEmpty()) {
			return Optional.empty();
		}
		logger.info("Looking again in {} whether {} still runs", this.heartbeatInterval.multipliedBy(2),
				doubtful.get(0).describe());
		this.sleeper.sleep(this.heartbeatInterval.multipliedBy(2));
		return others(self).stream()
			.filter((runner) -> doubtful.stream()
				.anyMatch((before) -> before.id().equals(runner.id())
						&& runner.heartbeatAt().isAfter(before.heartbeatAt())))
			.findFirst();
	}

	/**
	 * The rows of other processes: this process's own rows are left out too (one left by
	 * an earlier run of a {@code serve} process whose database was away at its end).
	 */
	private List<Runners.Runner> others(String self) {
		return this.runners.all()
			.stream()
			.filter((runner) -> !runner.id().equals(self))
			.filter((runner) -> !(runner.host().equals(this.host) && runner.pid() == ProcessHandle.current().pid()))
			.toList();
	}

	private boolean alive(Runners.Runner runner) {
		if (runner.host().equals(this.host)) {
			return this.localProcessAlive.test(runner);
		}
		return runner.silentFor().compareTo(this.lostAfter) < 0;
	}

	/** Waits; a seam for the tests. */
	@FunctionalInterface
	interface Sleeper {

		void sleep(Duration duration);

		static Sleeper real() {
			return (duration) -> {
				try {
					Thread.sleep(duration.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			};
		}

	}

}
