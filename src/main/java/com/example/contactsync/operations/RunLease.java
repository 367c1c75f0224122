package com.example.contactsync.operations;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.contactsync.system.Hosts;

/**
 * The run lock held as a lease that cannot be lost silently: while a run holds it, a
 * thread of its own renews the process's heartbeat ({@link Runners}) and checks the
 * lock's connection every {@code heartbeatInterval}. When that connection has died (a
 * DBA's idle-session killer, a pooler, the database restarted), the lease takes the lock
 * again on a new connection; if another process holds it for longer than
 * {@code lostAfter}, {@code onLost} runs (the run stops at its next chunk boundary).
 */
class RunLease implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RunLease.class);

	private static final String HOST = Hosts.localName();

	private final RunLock lock;

	private final Runners runners;

	private final Duration lostAfter;

	private final Runnable onLost;

	private final String id;

	private final long pid;

	private final ScheduledExecutorService scheduler;

	private RunLock.Held held;

	private long lostSinceNanos;

	private boolean unreachable;

	private boolean gaveUp;

	private RunLease(RunLock lock, RunLock.Held held, Runners runners, Duration heartbeatInterval, Duration lostAfter,
			Runnable onLost) {
		this.lock = lock;
		this.held = held;
		this.runners = runners;
		this.lostAfter = lostAfter;
		this.onLost = onLost;
		this.pid = ProcessHandle.current().pid();
		this.id = runnerId();
		this.runners.register(this.id, HOST, this.pid);
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "contact-sync-run-lease");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.scheduleWithFixedDelay(this::check, heartbeatInterval.toMillis(), heartbeatInterval.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Takes the run lock and starts the lease.
	 * @return the lease, to be closed when the run ends; empty if another process holds
	 * the lock
	 */
	static Optional<RunLease> tryAcquire(RunLock lock, Runners runners, Duration heartbeatInterval, Duration lostAfter,
			Runnable onLost) {
		Optional<RunLock.Held> held = lock.tryAcquire();
		if (held.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(new RunLease(lock, held.get(), runners, heartbeatInterval, lostAfter, onLost));
		}
		catch (RuntimeException ex) {
			held.get().close();
			throw ex;
		}
	}

	/** This process's id in {@code contact_sync_runner}. */
	String id() {
		return this.id;
	}

	/** The host name this process's rows carry. */
	static String host() {
		return HOST;
	}

	/**
	 * {@code host:pid:startMillis:random}: the start time tells a live process from a
	 * later one that got the same pid.
	 */
	private String runnerId() {
		long start = ProcessHandle.current().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
		return HOST + ":" + this.pid + ":" + start + ":" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * One round of the lease: the lock's own connection first (no wait for the pool),
	 * then the heartbeat, then the lock taken again if it was lost.
	 */
	synchronized void check() {
		if (this.held != null && !this.held.isValid()) {
			logger.warn("The run lock's database connection is gone: taking the lock again");
			this.held.close();
			this.held = null;
			this.lostSinceNanos = System.nanoTime();
		}
		try {
			this.runners.heartbeat(this.id, HOST, this.pid);
		}
		catch (RuntimeException ex) {
			if (!this.unreachable) {
				logger.warn("Cannot renew this run's heartbeat: {}", ex.toString());
			}
		}
		if (this.held == null) {
			retake();
		}
	}

	private void retake() {
		Duration lostFor = Duration.ofNanos(System.nanoTime() - this.lostSinceNanos);
		try {
			Optional<RunLock.Held> again = this.lock.tryAcquire();
			this.unreachable = false;
			if (again.isPresent()) {
				this.held = again.get();
				logger.warn("Took the run lock again, {} s after its connection was lost", lostFor.toSeconds());
				return;
			}
			if (lostFor.compareTo(this.lostAfter) >= 0 && !this.gaveUp) {
				this.gaveUp = true;
				logger.error("Another process has held the run lock for {} s since this run lost it: "
						+ "this run stops after its current chunk; nothing more is sent", lostFor.toSeconds());
				this.onLost.run();
			}
		}
		catch (RuntimeException ex) {
			if (!this.unreachable) {
				logger.warn("Cannot take the run lock again yet (the database is unreachable?): {}", ex.toString());
				this.unreachable = true;
			}
		}
	}

	/** Whether this process holds the run lock now. */
	synchronized boolean held() {
		return this.held != null;
	}

	@Override
	public void close() {
		// interrupts a check that waits for the database
		this.scheduler.shutdownNow();
		release();
	}

	private synchronized void release() {
		try {
			this.runners.unregister(this.id);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not remove this run's heartbeat row: {}", ex.toString());
		}
		if (this.held != null) {
			this.held.close();
			this.held = null;
		}
	}

}
