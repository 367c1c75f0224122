package com.example.contactsync.job;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.example.contactsync.support.TestPostgres;

/**
 * The job on a real PostgreSQL server (embedded, or {@code TEST_PG_URL}).
 */
class PostgresContactSyncJobIntegrationTests extends AbstractContactSyncJobIntegrationTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestPostgres.useNewDatabase(registry, "job_tests");
	}

}
