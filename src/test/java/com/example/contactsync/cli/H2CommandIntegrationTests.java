package com.example.contactsync.cli;

import java.util.UUID;

/**
 * The commands on H2, the embedded default.
 */
class H2CommandIntegrationTests extends AbstractCommandIntegrationTests {

	@Override
	String[] newDatabase() {
		return new String[] { "jdbc:h2:mem:cli-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "" };
	}

}
