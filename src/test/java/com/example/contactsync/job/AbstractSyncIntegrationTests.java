package com.example.contactsync.job;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.example.contactsync.sandbox.TestDustessSandbox;

/**
 * The whole job against a real local HTTP server (the sandbox) and a real database: what
 * the integration tests of the job, its ops views and its schema share; the subclasses
 * choose the subject, theirs the database. Chunks of 2 make every case span several
 * calls.
 */
@SpringBootTest(properties = { "contact-sync.chunk-size=2", "contact-sync.concurrency=1",
		"dustess.access-token=" + AbstractSyncIntegrationTests.TOKEN, "dustess.retry.max-attempts=3",
		"dustess.retry.initial-delay=10ms", "dustess.retry.jitter=0ms", "dustess.read-timeout=700ms",
		"dustess.rate-limit.calls-per-second=1000", "contact-sync.max-attempts=2",
		"contact-sync.permanent-codes=13000" })
abstract class AbstractSyncIntegrationTests extends AbstractJobIntegrationTests {

	static final String TOKEN = "integration-test-token";

	static final TestDustessSandbox sandbox = startSandbox(TOKEN);

	static final LocalDate DATE = LocalDate.of(2026, 11, 25);

	@DynamicPropertySource
	static void dustessApi(DynamicPropertyRegistry registry) {
		registry.add("dustess.base-url", () -> sandbox.baseUrl().toString());
	}

	@BeforeEach
	void cleanUp() {
		sandbox.reset();
	}

	@AfterAll
	static void stopSandbox() {
		sandbox.reset();
	}

	List<String> sentExternalIds() {
		List<String> ids = new ArrayList<>();
		for (List<JsonNode> call : sandbox.receivedCalls()) {
			for (JsonNode entry : call) {
				ids.add(entry.has("external_id") ? entry.get("external_id").asString() : entry.get("id").asString());
			}
		}
		return ids;
	}

}
