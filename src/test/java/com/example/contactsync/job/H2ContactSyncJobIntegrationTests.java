package com.example.contactsync.job;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The job on H2, the embedded default.
 */
class H2ContactSyncJobIntegrationTests extends AbstractContactSyncJobIntegrationTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:job-tests;DB_CLOSE_DELAY=-1");
	}

}
