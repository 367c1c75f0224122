package com.example.contactsync.system;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which database the application runs on: PostgreSQL in production, H2 as the embedded
 * default. Where the two differ (a statement, or a feature only PostgreSQL has), this is
 * the one test.
 */
public final class Databases {

	private Databases() {
	}

	/** The database's product name, as its JDBC driver reports it. */
	public static String productName(JdbcTemplate jdbcTemplate) {
		return jdbcTemplate
			.execute((ConnectionCallback<String>) (connection) -> connection.getMetaData().getDatabaseProductName());
	}

	/** Whether the database is PostgreSQL. */
	public static boolean isPostgres(JdbcTemplate jdbcTemplate) {
		return isPostgres(productName(jdbcTemplate));
	}

	/** Whether a product name ({@link #productName}) is PostgreSQL's. */
	public static boolean isPostgres(String productName) {
		return "PostgreSQL".equalsIgnoreCase(productName);
	}

}
