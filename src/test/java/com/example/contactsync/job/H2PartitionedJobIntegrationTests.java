package com.example.contactsync.job;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The split run on H2, the embedded default.
 */
class H2PartitionedJobIntegrationTests extends AbstractPartitionedJobIntegrationTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:partition-tests;DB_CLOSE_DELAY=-1");
	}

}
