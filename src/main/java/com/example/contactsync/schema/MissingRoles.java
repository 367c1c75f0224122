package com.example.contactsync.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a migration on PostgreSQL: one log line naming the roles of contact-sync that do
 * not exist, and what a DBA runs to add them. Their grants ({@code afterMigrate.sql})
 * leave out a role that does not exist, so that a login without CREATEROLE can migrate.
 */
class MissingRoles extends ConnectionCallback {

	private static final Logger logger = LoggerFactory.getLogger(MissingRoles.class);

	static final List<String> ROLES = List.of("contact_sync_app", "contact_sync_ops");

	private final AtomicBoolean said = new AtomicBoolean();

	MissingRoles() {
		super("contact-sync missing roles", Event.AFTER_MIGRATE);
	}

	@Override
	void handle(Connection connection, Context context) throws SQLException {
		if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName()) || this.said.get()) {
			return;
		}
		List<String> missing = new ArrayList<>(ROLES);
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(
						"SELECT rolname FROM pg_roles WHERE rolname IN ('" + String.join("', '", ROLES) + "')")) {
			while (rs.next()) {
				missing.remove(rs.getString(1));
			}
		}
		if (!missing.isEmpty() && this.said.compareAndSet(false, true)) {
			logger.info("The role(s) {} do not exist, so nothing was granted to them: a DBA creates them with "
					+ "'psql -d {} -f sql/roles/postgresql-roles.sql'; the next run grants their rights "
					+ "(src/docs/postgresql.md)", String.join(", ", missing), connection.getCatalog());
		}
	}

	@Override
	void failed(SQLException ex) {
		logger.debug("Cannot tell whether contact-sync's roles exist", ex);
	}

}
