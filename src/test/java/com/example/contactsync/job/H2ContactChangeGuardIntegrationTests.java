package com.example.contactsync.job;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The schema guard and roles on H2, the embedded default.
 */
class H2ContactChangeGuardIntegrationTests extends AbstractContactChangeGuardIntegrationTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:guard-tests;DB_CLOSE_DELAY=-1");
	}

}
