package com.example.contactsync.operations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The processes that run the job and their heartbeats ({@code contact_sync_runner},
 * {@code V20__contact_sync_runner.sql}). Every time is the database's clock.
 */
class Runners {

	private final JdbcTemplate jdbcTemplate;

	Runners(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	/** Adds a process, alive as of now. */
	void register(String runnerId, String host, long pid) {
		this.jdbcTemplate.update("""
				INSERT INTO contact_sync_runner (runner_id, host, pid, started_at, heartbeat_at)
				VALUES (?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""", runnerId, host, pid);
	}

	/** Renews a process's heartbeat; adds it again if its row is gone. */
	void heartbeat(String runnerId, String host, long pid) {
		if (this.jdbcTemplate.update(
				"UPDATE contact_sync_runner SET heartbeat_at = CURRENT_TIMESTAMP WHERE runner_id = ?", runnerId) == 0) {
			register(runnerId, host, pid);
		}
	}

	/** Removes a process's row. */
	void unregister(String runnerId) {
		this.jdbcTemplate.update("DELETE FROM contact_sync_runner WHERE runner_id = ?", runnerId);
	}

	/** Removes the rows of processes silent for longer than {@code age}. */
	void forget(Duration age) {
		for (Runner runner : all()) {
			if (runner.silentFor().compareTo(age) > 0) {
				unregister(runner.id());
			}
		}
	}

	/** Every process's row, with how long it has been silent. */
	List<Runner> all() {
		return this.jdbcTemplate.query(
				"SELECT runner_id, host, pid, heartbeat_at, CURRENT_TIMESTAMP FROM contact_sync_runner ORDER BY runner_id",
				Runners::runner);
	}

	private static Runner runner(ResultSet rs, int row) throws SQLException {
		// instants (TIMESTAMP WITH TIME ZONE): the session's time zone does not shift
		// them
		LocalDateTime heartbeat = rs.getTimestamp(4).toLocalDateTime();
		LocalDateTime now = rs.getTimestamp(5).toLocalDateTime();
		return new Runner(rs.getString(1), rs.getString(2), rs.getLong(3), heartbeat, Duration.between(heartbeat, now));
	}

	/**
	 * A process that runs the job.
	 *
	 * @param id {@code host:pid:random}
	 * @param heartbeatAt its last heartbeat, the database's clock
	 * @param silentFor how long ago that was
	 */
	record Runner(String id, String host, long pid, LocalDateTime heartbeatAt, Duration silentFor) {

		/** {@code host:pid, heartbeat N s ago}. */
		String describe() {
			return this.host + " pid " + this.pid + ", heartbeat " + this.silentFor.toSeconds() + " s ago";
		}

	}

}
