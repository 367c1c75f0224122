package com.example.contactsync.benchmark;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import com.example.contactsync.support.TestPostgres;

/**
 * {@link SyncBenchmark}'s PostgreSQL database: a fresh backlog per case, and what a case
 * left in it.
 */
final class BenchmarkDatabase {

	private final TestPostgres.Database database;

	BenchmarkDatabase(TestPostgres.Database database) {
		this.database = database;
	}

	/**
	 * A fresh backlog of {@code size} pending changes, and no trace of earlier cases:
	 * TRUNCATE (which the guard trigger, a row-level DELETE trigger, lets through) of the
	 * changes, outcomes and Spring Batch's history; then COPY, VACUUM ANALYZE (so each
	 * case starts with fresh statistics and no dead rows) and a CHECKPOINT (so the dirty
	 * pages of the load are not written during the case).
	 */
	void reset(int size) throws SQLException, IOException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("TRUNCATE TABLE sync_outcome, contact_change RESTART IDENTITY CASCADE");
			statement.execute("TRUNCATE TABLE batch_step_execution_context, batch_job_execution_context, "
					+ "batch_step_execution, batch_job_execution_params, batch_job_execution, batch_job_instance CASCADE");
			CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
			int rowsPerCopy = 50_000;
			for (int from = 1; from <= size; from += rowsPerCopy) {
				int to = Math.min(size, from + rowsPerCopy - 1);
				StringBuilder rows = new StringBuilder(150 * (to - from + 1));
				for (int i = from; i <= to; i++) {
					// tab-separated COPY text; none of the values holds a tab, newline or
					// backslash
					rows.append("crm-")
						.append(i)
						.append("\tContact ")
						.append(i)
						.append("\tc")
						.append(i)
						.append("@example.com\t[{\"tel\": \"138")
						.append(String.format("%08d", i))
						.append("\", \"type\": \"mobile\"}]\t[\"tag-")
						.append(i % 10)
						.append("\"]\n");
				}
				copy.copyIn("COPY contact_change (external_id, remark, email, mobiles, tags) FROM STDIN",
						new StringReader(rows.toString()));
			}
			statement.execute("VACUUM ANALYZE contact_change");
			statement.execute("VACUUM ANALYZE sync_outcome");
			try {
				statement.execute("CHECKPOINT");
			}
			catch (SQLException ex) {
				// not a superuser on an existing server: the case runs without it
			}
		}
	}

	void checkEverythingSynced(int size, String label, MeasuredProcess.Result result) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			long synced = count(statement, "SELECT COUNT(*) FROM contact_change WHERE sync_state = 'SYNCED'");
			long outcomes = count(statement, "SELECT COUNT(*) FROM sync_outcome WHERE outcome = 'SUCCEEDED'");
			if (synced != size || outcomes != size) {
				throw new IllegalStateException(label + ": " + synced + " changes SYNCED and " + outcomes
						+ " outcomes SUCCEEDED of " + size + ": " + BenchmarkMachine.tail(result));
			}
		}
	}

	double jobExecutionSeconds() throws SQLException {
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT EXTRACT(EPOCH FROM (end_time - start_time)) "
						+ "FROM batch_job_execution ORDER BY job_execution_id DESC LIMIT 1")) {
			return rs.next() ? rs.getDouble(1) : Double.NaN;
		}
	}

	/** The status of each job execution since the last reset, oldest first. */
	java.util.List<String> jobExecutionStatuses() throws SQLException {
		java.util.List<String> statuses = new java.util.ArrayList<>();
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet rs = statement
					.executeQuery("SELECT status FROM batch_job_execution ORDER BY job_execution_id")) {
			while (rs.next()) {
				statuses.add(rs.getString(1));
			}
		}
		return statuses;
	}

	/**
	 * Removes the row of a worker killed with kill -9 (it could not remove it itself), so
	 * that the next case's workers do not count it as alive for {@code lost-after}.
	 */
	void forgetWorker(long pid) throws SQLException {
		try (Connection connection = connect();
				java.sql.PreparedStatement statement = connection
					.prepareStatement("DELETE FROM contact_sync_worker WHERE pid = ?")) {
			statement.setLong(1, pid);
			statement.executeUpdate();
		}
	}

	private static long count(Statement statement, String sql) throws SQLException {
		try (ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	Connection connect() throws SQLException {
		return DriverManager.getConnection(this.database.url(), this.database.user(), this.database.password());
	}

}
