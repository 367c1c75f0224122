package com.example.contactsync.cli;

import java.util.concurrent.atomic.AtomicInteger;

import com.example.contactsync.support.TestPostgres;

/**
 * The commands on a real PostgreSQL server (embedded, or {@code TEST_PG_URL}).
 */
class PostgresCommandIntegrationTests extends AbstractCommandIntegrationTests {

	private static final AtomicInteger databases = new AtomicInteger();

	@Override
	String[] newDatabase() {
		TestPostgres.Database database = TestPostgres.createDatabase("cli_" + databases.incrementAndGet());
		return new String[] { database.url(), database.user(), database.password() };
	}

}
