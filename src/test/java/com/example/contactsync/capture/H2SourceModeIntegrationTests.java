package com.example.contactsync.capture;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Source mode on H2, the embedded default.
 */
class H2SourceModeIntegrationTests extends AbstractSourceModeIntegrationTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:source-mode-tests;DB_CLOSE_DELAY=-1");
	}

	@Override
	String jsonType() {
		return "VARCHAR(1000)";
	}

	@Override
	String json(String sql) {
		return sql;
	}

}
