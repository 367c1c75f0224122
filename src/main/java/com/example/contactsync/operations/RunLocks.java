package com.example.contactsync.operations;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

import com.example.contactsync.job.ContactSyncProperties;

/**
 * What keeps one run at a time, and lets no run be stuck: the run lock as a lease
 * ({@link RunLease}), whether another process runs the job ({@link RunnerLiveness}), the
 * repair of what dead processes left ({@link RunRepair}), and a bounded wait for a
 * database that is away.
 *
 * @param run the settings of the run's liveness: how often the lease is renewed, when a
 * silent process is dead, how long the database may be away
 */
record RunLocks(RunLock lock, Runners runners, RunnerLiveness liveness, RunRepair repair,
		ContactSyncProperties.Run run) {

	private static final Logger logger = LoggerFactory.getLogger(RunLocks.class);

	/**
	 * Takes the run lock as a lease, and forgets the rows of processes silent for a day.
	 * @param onLost what to do when another process holds the lock for longer than
	 * {@code lostAfter} after this one lost it
	 * @return the lease, or empty when another process holds the lock
	 */
	Optional<RunLease> tryAcquire(Runnable onLost) {
		Optional<RunLease> lease = RunLease.tryAcquire(this.lock, this.runners, this.run.heartbeatInterval(),
				this.run.lostAfter(), onLost);
		lease.ifPresent((held) -> this.runners.forget(Duration.ofDays(1)));
		return lease;
	}

	/**
	 * Calls {@code action} until the database answers, for at most
	 * {@code contact-sync.run.database-wait}: a failure to reach the database is tried
	 * again every 2 s; any other failure, or the last, is thrown.
	 */
	<T> T untilTheDatabaseAnswers(Supplier<T> action) {
		long deadline = System.nanoTime() + this.run.databaseWait().toNanos();
		boolean logged = false;
		while (true) {
			try {
				return action.get();
			}
			catch (DataAccessException ex) {
				boolean unreachable = !(ex instanceof ConcurrencyFailureException)
						&& (ex instanceof DataAccessResourceFailureException
								|| ex instanceof TransientDataAccessException
								|| ex instanceof RecoverableDataAccessException);
				if (!unreachable || System.nanoTime() >= deadline) {
					throw ex;
				}
				if (!logged) {
					logger.warn("The database does not answer ({}): trying again every 2 s for at most {}",
							ex.getClass().getSimpleName(), this.run.databaseWait());
					logged = true;
				}
				try {
					Thread.sleep(2000);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

}
