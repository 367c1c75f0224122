package com.example.contactsync.operations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;

import com.example.contactsync.job.ContactSyncJobConfiguration;

/**
 * One run at a time, across processes and machines: a run holds the
 * {@code contact_sync_lock} row locked ({@code SELECT ... FOR UPDATE NOWAIT}) in an open
 * transaction on a connection of its own. The database releases the lock when that
 * connection ends, so a killed process never leaves it held.
 */
class RunLock {

	/**
	 * The {@code contact_sync_lock} row a run holds: named after the job it guards, and
	 * inserted by the schema migration ({@code V2__contact_sync_tables.sql}).
	 */
	static final String LOCK_NAME = ContactSyncJobConfiguration.JOB_NAME;

	static final String LOCK = "SELECT lock_name FROM contact_sync_lock WHERE lock_name = ? FOR UPDATE NOWAIT";

	private final DataSource dataSource;

	private final SQLErrorCodeSQLExceptionTranslator translator;

	public RunLock(DataSource dataSource) {
		this.dataSource = dataSource;
		this.translator = new SQLErrorCodeSQLExceptionTranslator(dataSource);
	}

	/**
	 * Takes the lock if no one holds it.
	 * @return the held lock, to be closed when the run ends; empty if another run holds
	 * it
	 */
	public Optional<Held> tryAcquire() {
		Connection connection = null;
		try {
			connection = this.dataSource.getConnection();
			connection.setAutoCommit(false);
			try (PreparedStatement statement = connection.prepareStatement(LOCK)) {
				statement.setString(1, LOCK_NAME);
				if (!statement.executeQuery().next()) {
					throw new IllegalStateException(
							"contact_sync_lock has no row '" + LOCK_NAME + "'; was the schema migrated?");
				}
			}
			return Optional.of(new Held(connection));
		}
		catch (SQLException ex) {
			close(connection);
			DataAccessException translated = this.translator.translate("run lock", LOCK, ex);
			if (translated instanceof PessimisticLockingFailureException) {
				return Optional.empty();
			}
			throw (translated != null) ? translated : new IllegalStateException("Cannot take the run lock", ex);
		}
	}

	private static void close(Connection connection) {
		if (connection != null) {
			try {
				connection.rollback();
				connection.close();
			}
			catch (SQLException ex) {
				// the connection is gone, and the lock with it
			}
		}
	}

	/** The held lock; closing it releases it. */
	public static final class Held implements AutoCloseable {

		private final Connection connection;

		private Held(Connection connection) {
			this.connection = connection;
		}

		/**
		 * Whether the lock's connection still works (the lock goes with it): a dropped
		 * connection answers false within a few seconds.
		 */
		public boolean isValid() {
			try {
				return this.connection.isValid(5);
			}
			catch (SQLException ex) {
				return false;
			}
		}

		@Override
		public void close() {
			RunLock.close(this.connection);
		}

	}

}
