package com.example.contactsync.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two applied migrations this project had to edit, and the one place that says so.
 * {@code V6__contact_sync_partition.sql} and {@code V8__remote_partitioning.sql} granted
 * {@code contact_sync_ops} its rights unguarded, so on a database whose owner cannot
 * create roles (what most DBAs and managed services hand out) the first run failed at V6,
 * and every rerun too. Their grants moved to {@code afterMigrate.sql}, which grants only
 * to roles that exist. A database that applied the old files records their old checksums;
 * before Flyway validates, this callback replaces exactly those old checksums with the
 * new ones — nothing else, and never a checksum it does not know — so validation still
 * catches any other edit.
 */
class EditedMigrations extends ConnectionCallback {

	private static final Logger logger = LoggerFactory.getLogger(EditedMigrations.class);

	/** Each edited migration: its version, the checksum it had, the one it has. */
	static final List<Edit> EDITS = List.of(new Edit("6", -1984872659, -158382019),
			new Edit("8", -1843065964, 1410607935));

	EditedMigrations() {
		super("contact-sync edited migrations", Event.BEFORE_VALIDATE, Event.BEFORE_MIGRATE);
	}

	@Override
	void handle(Connection connection, Context context) throws SQLException {
		String table = historyTable(connection, context);
		if (table == null) {
			return;
		}
		for (Edit edit : EDITS) {
			// read first: a login that may only read the history (the runtime role) never
			// updates it, and an UPDATE needs the privilege even when nothing matches
			try (PreparedStatement select = connection
				.prepareStatement("SELECT 1 FROM " + table + " WHERE \"version\" = ? AND \"checksum\" = ?")) {
				select.setString(1, edit.version());
				select.setInt(2, edit.previousChecksum());
				try (ResultSet rs = select.executeQuery()) {
					if (!rs.next()) {
						continue;
					}
				}
			}
			try (PreparedStatement update = connection.prepareStatement(
					"UPDATE " + table + " SET \"checksum\" = ? WHERE \"version\" = ? AND \"checksum\" = ?")) {
				update.setInt(1, edit.checksum());
				update.setString(2, edit.version());
				update.setInt(3, edit.previousChecksum());
				if (update.executeUpdate() > 0) {
					logger.info("Migration {} was edited in this version (its grants now wait for the role to "
							+ "exist); its recorded checksum is updated to match", edit.version());
				}
			}
		}
	}

	@Override
	void failed(SQLException ex) {
		throw new FlywayException("Cannot update the checksums of the edited migrations: " + ex.getMessage(), ex);
	}

	/** The schema history table, qualified; null when it does not exist yet. */
	private static String historyTable(Connection connection, Context context) throws SQLException {
		String name = context.getConfiguration().getTable();
		String schema = context.getConfiguration().getDefaultSchema();
		if (schema == null && context.getConfiguration().getSchemas().length > 0) {
			schema = context.getConfiguration().getSchemas()[0];
		}
		if (schema == null) {
			schema = connection.getSchema();
		}
		try (ResultSet rs = connection.getMetaData().getTables(null, schema, name, null)) {
			if (!rs.next()) {
				return null;
			}
		}
		return "\"" + schema + "\".\"" + name + "\"";
	}

	/**
	 * An edited migration.
	 *
	 * @param version its version
	 * @param previousChecksum the checksum of the file as it was applied
	 * @param checksum the checksum of the file now
	 */
	record Edit(String version, int previousChecksum, int checksum) {
	}

}
