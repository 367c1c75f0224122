package com.example.contactsync.console;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console on H2, the embedded default.
 */
class H2ConsoleIntegrationTests extends AbstractConsoleIntegrationTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:console-tests;DB_CLOSE_DELAY=-1");
	}

}
