package com.example.contactsync.job;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The ops views and queries on H2, the embedded default.
 */
class H2OpsViewsIntegrationTests extends AbstractOpsViewsIntegrationTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:ops-views-tests;DB_CLOSE_DELAY=-1");
	}

}
