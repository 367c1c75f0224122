package com.example.contactsync.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.h2.api.Trigger;

import com.example.contactsync.change.ContactChangeRowMapper;

/**
 * H2's form of the {@code contact_change_guard} trigger (PostgreSQL's is PL/pgSQL, in
 * {@code sql/schema/postgresql/V5__contact_change_guard.sql}): a change's data — the
 * columns a run reads, {@link ContactChangeRowMapper#COLUMNS} — cannot be updated while
 * it is {@code PENDING}, {@code FAILED} or {@code SYNCED}, and a {@code PENDING} or
 * {@code FAILED} change cannot be deleted.
 */
public class ContactChangeGuard implements Trigger {

	private static final Set<String> GUARDED_STATES = Set.of("PENDING", "FAILED", "SYNCED");

	private static final Set<String> WAITING_STATES = Set.of("PENDING", "FAILED");

	/** Positions of the data columns in a row of the table. */
	private int[] dataColumns;

	private int changeIdColumn;

	private int stateColumn;

	@Override
	public void init(Connection connection, String schemaName, String triggerName, String tableName, boolean before,
			int type) throws SQLException {
		List<String> columns = new ArrayList<>();
		try (ResultSet rs = connection.getMetaData().getColumns(null, schemaName, tableName, null)) {
			while (rs.next()) {
				columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
			}
		}
		List<String> data = Arrays.stream(ContactChangeRowMapper.COLUMNS.split(",")).map(String::strip).toList();
		this.dataColumns = data.stream().mapToInt((name) -> indexOf(columns, name)).toArray();
		this.changeIdColumn = indexOf(columns, "change_id");
		this.stateColumn = indexOf(columns, "sync_state");
	}

	private static int indexOf(List<String> columns, String name) {
		int index = columns.indexOf(name);
		if (index < 0) {
			throw new IllegalStateException("contact_change has no column " + name);
		}
		return index;
	}

	@Override
	public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
		String state = (String) oldRow[this.stateColumn];
		Object changeId = oldRow[this.changeIdColumn];
		if (newRow == null) {
			if (WAITING_STATES.contains(state)) {
				throw new SQLIntegrityConstraintViolationException("contact_change " + changeId + " is " + state
						+ ": a change waiting to be sent cannot be deleted (a run may be sending it); "
						+ "set its sync_state to 'REJECTED' first");
			}
			return;
		}
		if (GUARDED_STATES.contains(state) && dataChanged(oldRow, newRow)) {
			throw new SQLIntegrityConstraintViolationException("contact_change " + changeId + " is " + state
					+ ": its data cannot be updated (a run may be sending it); insert a new change instead, "
					+ "the later one wins field by field");
		}
	}

	private boolean dataChanged(Object[] oldRow, Object[] newRow) {
		for (int column : this.dataColumns) {
			if (!Objects.deepEquals(oldRow[column], newRow[column])) {
				return true;
			}
		}
		return false;
	}

}
