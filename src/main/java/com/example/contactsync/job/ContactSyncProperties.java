package com.example.contactsync.job;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the sync job.
 *
 * @param chunkSize how many changes are read per chunk; each chunk goes out in one
 * {@code batchEditCustomer} call (env {@code CONTACT_SYNC_CHUNK_SIZE})
 * @param maxAttempts how many calls may carry a change that Dustess keeps failing before
 * it stops in {@code EXHAUSTED} (env {@code CONTACT_SYNC_MAX_ATTEMPTS})
 * @param permanentCodes Dustess per-item codes that retrying can never fix: such a change
 * goes to {@code EXHAUSTED} at once (env {@code CONTACT_SYNC_PERMANENT_CODES},
 * comma-separated)
 * @param alertFailureRatio share of a completed run's items that may end FAILED, REJECTED
 * or UNKNOWN before {@code run} exits with code 3 (env
 * {@code CONTACT_SYNC_ALERT_FAILURE_RATIO})
 * @param progressInterval how often a running job logs its progress (env
 * {@code CONTACT_SYNC_PROGRESS_INTERVAL})
 * @param schedule when {@code serve} starts the nightly run: a Spring cron expression
 * (second minute hour day month weekday) in the JVM's time zone (env
 * {@code CONTACT_SYNC_SCHEDULE})
 * @param concurrency how many calls a run may have in flight at once: the run is split
 * into this many partitions by contact, sent side by side (env
 * {@code CONTACT_SYNC_CONCURRENCY}). A restart keeps the number of its first start. 4
 * reaches the API's rate ceiling up to a latency of 4 /
 * {@code dustess.rate-limit.calls-per-second} (0.8 s at the default 5 calls/s) and keeps
 * each partition's chunks full; raise it for a slower API or a higher ceiling. On a
 * {@code worker}, how many partitions it executes at once
 * @param partitioning where the partitions run: {@code local}, threads of the process
 * that runs the job, or {@code remote}, {@code contact-sync worker} processes on any
 * machine that reach the same PostgreSQL database (env {@code CONTACT_SYNC_PARTITIONING})
 * @param remote settings of remote partitioning
 * @param rowLockWait how long a chunk waits for changes that another transaction holds
 * locked (an operator's open {@code SELECT ... FOR UPDATE}); after that their contact is
 * left out of this run and stays {@code PENDING} (env {@code CONTACT_SYNC_ROW_LOCK_WAIT})
 * @param run the liveness of a run's process
 * @param worker whether this process is a {@code contact-sync worker}, set by that
 * command and not by hand: it executes partitions of runs that another process started,
 * so its progress line has no total (the manager logs the run's)
 */
@ConfigurationProperties("contact-sync")
public record ContactSyncProperties(@DefaultValue("100") int chunkSize, @DefaultValue("5") int maxAttempts,
		@DefaultValue List<Integer> permanentCodes, @DefaultValue("0.1") double alertFailureRatio,
		@DefaultValue("10s") java.time.Duration progressInterval, @DefaultValue("0 30 2 * * *") String schedule,
		@DefaultValue("4") int concurrency, @DefaultValue("local") Partitioning partitioning,
		@DefaultValue Remote remote, @DefaultValue("60s") Duration rowLockWait, @DefaultValue Run run,
		@DefaultValue("false") boolean worker) {

	public ContactSyncProperties {
		if (chunkSize < 1 || chunkSize > 1000) {
			throw new IllegalArgumentException("contact-sync.chunk-size must be between 1 and 1000, was " + chunkSize);
		}
		if (concurrency < 1 || concurrency > 64) {
			throw new IllegalArgumentException("contact-sync.concurrency must be between 1 and 64, was " + concurrency);
		}
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("contact-sync.max-attempts must be at least 1, was " + maxAttempts);
		}
		permanentCodes = (permanentCodes != null) ? List.copyOf(permanentCodes) : List.of();
		if (!org.springframework.scheduling.support.CronExpression.isValidExpression(schedule)) {
			throw new IllegalArgumentException(
					"contact-sync.schedule is not a cron expression (second minute hour day month weekday): "
							+ schedule);
		}
		if (rowLockWait.isNegative()) {
			throw new IllegalArgumentException("contact-sync.row-lock-wait must not be negative, was " + rowLockWait);
		}
		if (alertFailureRatio < 0 || alertFailureRatio > 1) {
			throw new IllegalArgumentException(
					"contact-sync.alert-failure-ratio must be between 0 and 1, was " + alertFailureRatio);
		}
	}

	/** Where a run's partitions are executed. */
	public enum Partitioning {

		/** Threads of the process that runs the job. */
		LOCAL,

		/**
		 * {@code contact-sync worker} processes, through the database (PostgreSQL only).
		 */
		REMOTE

	}

	/**
	 * Settings of remote partitioning.
	 *
	 * @param pollInterval how often a worker looks for a partition to execute, and the
	 * manager for its partitions' outcome (env {@code CONTACT_SYNC_REMOTE_POLL_INTERVAL})
	 * @param heartbeatInterval how often a worker renews its heartbeat (env
	 * {@code CONTACT_SYNC_REMOTE_HEARTBEAT_INTERVAL})
	 * @param lostAfter a worker whose heartbeat is older than this is dead: the manager
	 * resumes the partitions it was executing on the workers alive, and a run whose
	 * partitions no live worker has taken by then fails (env
	 * {@code CONTACT_SYNC_REMOTE_LOST_AFTER})
	 * @param timeout the longest the manager waits for its partitions, however alive the
	 * workers (env {@code CONTACT_SYNC_REMOTE_TIMEOUT})
	 * @param maxResumes how many times within one run a partition lost with its worker is
	 * resumed on the workers alive, before the run fails (env
	 * {@code CONTACT_SYNC_REMOTE_MAX_RESUMES})
	 */
	public record Remote(@DefaultValue("1s") Duration pollInterval, @DefaultValue("5s") Duration heartbeatInterval,
			@DefaultValue("30s") Duration lostAfter, @DefaultValue("8h") Duration timeout,
			@DefaultValue("2") int maxResumes) {

		public Remote {
			if (pollInterval.isNegative() || pollInterval.isZero()) {
				throw new IllegalArgumentException("contact-sync.remote.poll-interval must be positive");
			}
			requireLiveness("contact-sync.remote", heartbeatInterval, lostAfter);
			if (timeout.compareTo(lostAfter) < 0) {
				throw new IllegalArgumentException(
						"contact-sync.remote.timeout must be at least contact-sync.remote.lost-after, was " + timeout);
			}
			if (maxResumes < 0) {
				throw new IllegalArgumentException(
						"contact-sync.remote.max-resumes must be 0 (never resume within a run) or more, was "
								+ maxResumes);
			}
		}

	}

	/**
	 * The liveness of the process that runs the job ({@code run}, {@code restart},
	 * {@code serve}): its heartbeat row in {@code contact_sync_runner}, and the check of
	 * its run lock.
	 *
	 * @param heartbeatInterval how often a running process renews its heartbeat and
	 * checks that it still holds the run lock (env
	 * {@code CONTACT_SYNC_RUN_HEARTBEAT_INTERVAL})
	 * @param lostAfter a process whose heartbeat is older than this (and that is not a
	 * live process of the same host) is dead to {@code run} and {@code recover}; a
	 * running process that cannot take its lost run lock back within this time stops
	 * sending (env {@code CONTACT_SYNC_RUN_LOST_AFTER})
	 */
	public record Run(@DefaultValue("2s") Duration heartbeatInterval, @DefaultValue("15s") Duration lostAfter,
			@DefaultValue("3m") Duration databaseWait) {

		public Run {
			requireLiveness("contact-sync.run", heartbeatInterval, lostAfter);
		}

	}

	/**
	 * Checks the settings of a heartbeat: a positive interval, and a {@code lost-after}
	 * of at least two intervals.
	 * @param prefix the settings' prefix, for the message
	 */
	private static void requireLiveness(String prefix, Duration heartbeatInterval, Duration lostAfter) {
		if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
			throw new IllegalArgumentException(prefix + ".heartbeat-interval must be positive");
		}
		if (lostAfter.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
			throw new IllegalArgumentException(
					prefix + ".lost-after must be at least twice " + prefix + ".heartbeat-interval, was " + lostAfter);
		}
	}

}
