package com.example.contactsync.job;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.example.contactsync.support.TestPostgres;

/**
 * The ops views and queries on a real PostgreSQL server (embedded, or
 * {@code TEST_PG_URL}).
 */
class PostgresOpsViewsIntegrationTests extends AbstractOpsViewsIntegrationTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestPostgres.useNewDatabase(registry, "ops_views_tests");
	}

}
