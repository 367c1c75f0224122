package com.example.contactsync.dustess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.example.contactsync.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call gate's log kept in PostgreSQL: two gates — two processes, each with its own
 * connections — calling side by side hold one ceiling between them, measured where the
 * calls arrive; a process paused with the log's lock does not hold the others for long.
 */
class DatabaseCallLogTests {

	private static final TestPostgres.Database database = TestPostgres.createDatabase("call_log_tests");

	@BeforeAll
	static void migrate() {
		// the application's own migrations create contact_sync_api_call
		database.migrate();
	}

	@Test
	void twoProcessesSharingTheLogNeverExceedTheCeilingTogether() throws Exception {
		int callsPerSecond = 5;
		CallGate first = gate(callsPerSecond);
		CallGate second = gate(callsPerSecond);
		List<long[]> arrivals = Collections.synchronizedList(new ArrayList<>());
		ExecutorService executor = Executors.newFixedThreadPool(6);
		for (int i = 0; i < 24; i++) {
			CallGate gate = (i % 2 == 0) ? first : second;
			int process = i % 2;
			executor.execute(() -> gate.call(() -> {
				arrivals.add(new long[] { System.nanoTime(), process });
				sleep(ThreadLocalRandom.current().nextInt(0, 40));
				return null;
			}));
		}
		executor.shutdown();
		assertThat(executor.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
		assertThat(arrivals).hasSize(24);

		List<Long> sorted = arrivals.stream().map((arrival) -> arrival[0]).sorted().toList();
		for (int i = callsPerSecond; i < sorted.size(); i++) {
			assertThat(sorted.get(i) - sorted.get(i - callsPerSecond))
				.as("calls %d..%d of both processes arrived within one second", i - callsPerSecond, i)
				.isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
		}
		// the log keeps the latest 2K calls only
		assertThat(new JdbcTemplate(dataSource()).queryForObject("SELECT COUNT(*) FROM contact_sync_api_call",
				Integer.class))
			.isLessThanOrEqualTo(2 * callsPerSecond);
	}

	/**
	 * A process paused while it holds the log's lock (in its reservation's transaction)
	 * holds the others' calls for 10 s at most: the server ends its session.
	 */
	@Test
	void aProcessPausedWhileHoldingTheLockHoldsTheOthersTenSecondsAtMost() throws Exception {
		try (java.sql.Connection paused = dataSource().getConnection()) {
			paused.setAutoCommit(false);
			try (java.sql.Statement statement = paused.createStatement()) {
				statement.executeQuery(DatabaseCallLog.LOCK).close();
			}
			// the paused process sends nothing more: its transaction stays open, idle
			long start = System.nanoTime();
			gate(5).call(() -> null);
			long waited = System.nanoTime() - start;
			assertThat(waited).isBetween(TimeUnit.SECONDS.toNanos(9), TimeUnit.SECONDS.toNanos(20));
			assertThat(paused.isValid(2)).as("the paused session was ended").isFalse();
		}
	}

	private static CallGate gate(int callsPerSecond) {
		DriverManagerDataSource dataSource = dataSource();
		return new CallGate(callsPerSecond, 3, (perWindow, window) -> new DatabaseCallLog(new JdbcTemplate(dataSource),
				new DataSourceTransactionManager(dataSource), perWindow, window, Duration.ofMillis(100)));
	}

	private static DriverManagerDataSource dataSource() {
		return new DriverManagerDataSource(database.url(), database.user(), database.password());
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
