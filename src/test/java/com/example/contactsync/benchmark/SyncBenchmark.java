package com.example.contactsync.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.example.contactsync.ContactSyncApplication;
import com.example.contactsync.operations.RunResult;
import com.example.contactsync.operations.SyncRunner;
import com.example.contactsync.sandbox.TestDustessSandbox;
import com.example.contactsync.support.TestPostgres;

/**
 * Throughput and heap of whole runs against PostgreSQL and the sandbox, for backlogs of
 * growing size: the figures show whether memory grows with the backlog (it must not:
 * keyset paging, one chunk in memory). Not part of the test suite; run with
 * {@code ./mvnw test -Dtest=SyncBenchmark -Dsurefire.excludedGroups=none}.
 */
@Tag("benchmark")
class SyncBenchmark {

	private static final String TOKEN = "benchmark-token";

	@Test
	void runsOfGrowingBacklogs() throws Exception {
		System.out.printf("%-10s %-12s %-14s %-22s%n", "changes", "seconds", "changes/s", "max heap used (MB)");
		int[] sizes = { 10_000, 50_000, 100_000 };
		for (int size : sizes) {
			measure(size);
		}
	}

	private void measure(int size) throws Exception {
		TestPostgres.Database database = TestPostgres.createDatabase("benchmark_" + size);
		try (TestDustessSandbox sandbox = TestDustessSandbox.start(0, TOKEN, JsonMapper.builder().build());
				ConfigurableApplicationContext context = new SpringApplicationBuilder(ContactSyncApplication.class)
					.web(WebApplicationType.NONE)
					.run("--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.user(),
							"--spring.datasource.password=" + database.password(),
							"--dustess.base-url=" + sandbox.baseUrl(), "--dustess.access-token=" + TOKEN,
							"--dustess.rate-limit.calls-per-second=1000", "--contact-sync.chunk-size=100",
							"--logging.level.com.example.contactsync=WARN")) {
			insert(database, size);
			// keep only what the sandbox needs: it records every call's entries for the
			// tests
			sandbox.onCall((call) -> {
				if (call % 50 == 0) {
					sandbox.forgetReceivedCalls();
				}
			});
			MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
			System.gc();
			AtomicLong maxUsed = new AtomicLong();
			Thread sampler = new Thread(() -> {
				while (!Thread.currentThread().isInterrupted()) {
					maxUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
					try {
						Thread.sleep(20);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			});
			sampler.start();
			long start = System.nanoTime();
			RunResult result = context.getBean(SyncRunner.class).run(LocalDate.of(2026, 11, 25));
			double seconds = (System.nanoTime() - start) / 1e9;
			sampler.interrupt();
			sampler.join();
			if (result.kind() != RunResult.Kind.COMPLETED || result.run().succeeded() != size) {
				throw new IllegalStateException("The benchmark run did not sync everything: " + result);
			}
			System.out.printf("%-10d %-12.1f %-14.0f %-22d%n", size, seconds, size / seconds,
					maxUsed.get() / (1024 * 1024));
		}
	}

	private static void insert(TestPostgres.Database database, int size) throws Exception {
		try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
				PreparedStatement statement = connection.prepareStatement(
						"INSERT INTO contact_change (external_id, remark, email, mobiles, tags) VALUES (?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb))")) {
			connection.setAutoCommit(false);
			for (int i = 1; i <= size; i++) {
				statement.setString(1, "crm-" + i);
				statement.setString(2, "Contact " + i);
				statement.setString(3, "c" + i + "@example.com");
				statement.setString(4, "[{\"tel\":\"138" + String.format("%08d", i) + "\",\"type\":\"mobile\"}]");
				statement.setString(5, "[\"tag-" + (i % 10) + "\"]");
				statement.addBatch();
				if (i % 1000 == 0) {
					statement.executeBatch();
				}
			}
			statement.executeBatch();
			connection.commit();
		}
	}

}
