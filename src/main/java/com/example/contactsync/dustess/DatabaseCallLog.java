package com.example.contactsync.dustess;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@link CallGate}'s log of calls kept in PostgreSQL ({@code contact_sync_api_call}),
 * so that every process calling the API — remote partitioning's workers on several
 * machines — shares one ceiling. Every time is the database's clock
 * ({@code clock_timestamp()}): a caller sleeps the planned start minus the database's
 * now, so the clocks of the machines never meet.
 * <p>
 * A reservation takes a transaction-scoped advisory lock, reads the latest {@code 2K}
 * calls, inserts the new one with its planned start and trims older rows; its end updates
 * the row. Each runs in a transaction of its own (never in the chunk's, which would hold
 * the lock for the whole chunk and hide the calls from the other processes until it
 * commits): two short transactions per call, at most a few dozen calls per second,
 * nothing against a call to the API.
 * <p>
 * Unlike the in-process log, a call under way counts as arriving <em>now</em> (plus the
 * margin) until its end is recorded, not by its start: the moment a call really starts
 * lies a round trip to the database away from any time this log could record, and under
 * load that can exceed the margin. So the ceiling holds without any assumption on how
 * fast a request reaches the server; what it costs is the in-process gate's worst case, a
 * call's duration per slot: {@code callsPerSecond / (1 s + latency)} calls per second.
 */
class DatabaseCallLog implements CallGate.Log {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseCallLog.class);

	private static final String NOW = "SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint";

	private static final String LATEST = """
			SELECT (extract(epoch FROM started_at) * 1000000)::bigint,
			       (extract(epoch FROM ended_at) * 1000000)::bigint
			FROM contact_sync_api_call ORDER BY call_no DESC LIMIT ?""";

	/**
	 * The lock every reservation takes; a process paused (SIGSTOP, a frozen VM) while it
	 * holds it would hold every process's calls, so the server ends its session once it
	 * has been idle in that transaction for 10 s.
	 */
	static final String LOCK = "SELECT set_config('idle_in_transaction_session_timeout', '10s', true),"
			+ " pg_advisory_xact_lock(hashtext('contact_sync_api_call'))";

	private static final long NANOS_PER_MICRO = 1000;

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate ownTransaction;

	private final int perWindow;

	private final long windowNanos;

	private final long marginNanos;

	DatabaseCallLog(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager, int perWindow,
			long windowNanos, Duration arrivalMargin) {
		this.jdbcTemplate = jdbcTemplate;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.perWindow = perWindow;
		this.windowNanos = windowNanos;
		this.marginNanos = arrivalMargin.toNanos();
	}

	@Override
	public CallGate.Reservation reserve() {
		long[] planned = this.ownTransaction.execute((status) -> {
			this.jdbcTemplate.queryForList(LOCK);
			long now = this.jdbcTemplate.queryForObject(NOW, Long.class) * NANOS_PER_MICRO;
			List<long[]> calls = this.jdbcTemplate.query(LATEST,
					(rs, row) -> new long[] { rs.getLong(1) * NANOS_PER_MICRO,
							(rs.getObject(2) != null) ? rs.getLong(2) * NANOS_PER_MICRO : Long.MIN_VALUE },
					2 * this.perWindow);
			long[] bounds = new long[calls.size()];
			long lastStart = Long.MIN_VALUE;
			for (int i = 0; i < bounds.length; i++) {
				long[] call = calls.get(i);
				boolean ended = call[1] != Long.MIN_VALUE;
				// a call not known to have ended may be arriving now: it counts as "not
				// started"
				bounds[i] = CallGate.arrivalBound(call[0], false, ended, call[1], this.marginNanos, now);
				lastStart = Math.max(lastStart, call[0]);
			}
			long start = CallGate.nextStart(bounds, bounds.length, this.perWindow, this.windowNanos, now, lastStart);
			long callNo = this.jdbcTemplate.queryForObject(
					"INSERT INTO contact_sync_api_call (started_at) VALUES (to_timestamp(? / 1000000.0)) RETURNING call_no",
					Long.class, start / NANOS_PER_MICRO);
			this.jdbcTemplate.update("DELETE FROM contact_sync_api_call WHERE call_no <= ?",
					callNo - 2L * this.perWindow);
			return new long[] { callNo, start - now };
		});
		return new DatabaseReservation(this, planned[0], planned[1], System.nanoTime());
	}

	/** Records a call's end: until then it counts as arriving now. */
	private void ended(long callNo) {
		try {
			this.ownTransaction.executeWithoutResult((status) -> this.jdbcTemplate
				.update("UPDATE contact_sync_api_call SET ended_at = clock_timestamp() WHERE call_no = ?", callNo));
		}
		catch (DataAccessException ex) {
			// the call's outcome matters more; its bound stays its start plus the margin
			logger.warn("Could not record the end of API call {} in contact_sync_api_call: {}", callNo,
					ex.getMessage());
		}
	}

	/**
	 * A call reserved in the log.
	 *
	 * @param plannedWait how long the caller was to wait when the call was reserved (at
	 * {@code reservedAt}, {@link System#nanoTime})
	 */
	private record DatabaseReservation(DatabaseCallLog log, long callNo, long plannedWait,
			long reservedAt) implements CallGate.Reservation {

		@Override
		public long waitNanos() {
			return this.plannedWait - (System.nanoTime() - this.reservedAt);
		}

		@Override
		public void started() {
			// nothing to record: until its end is recorded, a call counts as arriving now
		}

		@Override
		public void ended() {
			this.log.ended(this.callNo);
		}

	}

}
