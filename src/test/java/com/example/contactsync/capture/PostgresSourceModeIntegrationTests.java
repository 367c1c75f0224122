package com.example.contactsync.capture;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.example.contactsync.support.TestPostgres;

/**
 * Source mode on a real PostgreSQL server (embedded, or {@code TEST_PG_URL}).
 */
class PostgresSourceModeIntegrationTests extends AbstractSourceModeIntegrationTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestPostgres.useNewDatabase(registry, "source_mode_tests");
	}

	@Override
	String jsonType() {
		return "JSONB";
	}

	@Override
	String json(String sql) {
		return "CAST(" + sql + " AS JSONB)";
	}

}
