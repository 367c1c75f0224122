package com.example.contactsync.job;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.example.contactsync.support.TestPostgres;

/**
 * The split run on a real PostgreSQL server (embedded, or {@code TEST_PG_URL}).
 */
class PostgresPartitionedJobIntegrationTests extends AbstractPartitionedJobIntegrationTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestPostgres.useNewDatabase(registry, "partition_tests");
	}

}
