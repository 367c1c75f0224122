package com.example.contactsync.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * A Flyway callback of this project: runs on some events, in Flyway's transaction, with
 * the connection Flyway gives it; what an {@link SQLException} means is the subclass's.
 */
abstract class ConnectionCallback implements Callback {

	private final String name;

	private final Set<Event> events;

	ConnectionCallback(String name, Event first, Event... rest) {
		this.name = name;
		this.events = EnumSet.of(first, rest);
	}

	@Override
	public boolean supports(Event event, Context context) {
		return this.events.contains(event);
	}

	@Override
	public boolean canHandleInTransaction(Event event, Context context) {
		return true;
	}

	@Override
	public void handle(Event event, Context context) {
		try {
			handle(context.getConnection(), context);
		}
		catch (SQLException ex) {
			failed(ex);
		}
	}

	abstract void handle(Connection connection, Context context) throws SQLException;

	/** What an {@link SQLException} of {@link #handle(Connection, Context)} does. */
	abstract void failed(SQLException ex);

	@Override
	public String getCallbackName() {
		return this.name;
	}

}
