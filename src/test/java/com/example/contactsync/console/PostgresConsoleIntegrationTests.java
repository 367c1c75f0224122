package com.example.contactsync.console;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.example.contactsync.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console on a real PostgreSQL server (embedded, or {@code TEST_PG_URL}), and the
 * plans its pages rely on to stay fast with a million changes: each query reaches its run
 * or its contact through an index, never by reading a whole table.
 */
class PostgresConsoleIntegrationTests extends AbstractConsoleIntegrationTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestPostgres.useNewDatabase(registry, "console_tests");
	}

	@Test
	void queriesWhenPlannedThenReachTheirRowsThroughIndexes() {
		assertThat(plan(ConsoleQueries.CONTACT_CHANGES.replace("?", "'crm-1'")))
			.contains("contact_change_external_key_idx", "contact_change_customer_key_idx", "sync_outcome_contact_idx")
			.doesNotContain("Seq Scan");
		assertThat(plan(ConsoleQueries.FAILURE_GROUPS.replace("?", "1"))).contains("sync_outcome_job_idx")
			.doesNotContain("Seq Scan");
		assertThat(plan(ConsoleQueries.CALLS.replace("?", "1"))).contains("sync_outcome_job_idx")
			.doesNotContain("Seq Scan");
		assertThat(plan(ConsoleQueries.PARTITION_SIZES.replace("?", "1"))).contains("contact_sync_partition_read_idx")
			.doesNotContain("Seq Scan on contact_sync_partition");
		// a run's summary (RunHistory.find, as `status` reads it): the view's aggregates
		// are narrowed to the one run
		assertThat(plan("SELECT * FROM contact_sync_run WHERE job_execution_id = 1")).contains("sync_outcome_job_idx")
			.doesNotContain("Seq Scan on sync_outcome");
	}

	/**
	 * The plan PostgreSQL chooses when reading whole tables is dearer than using an
	 * index, as it is with a million rows (here the tables are small, so it is told so).
	 */
	private String plan(String sql) {
		return this.jdbcTemplate.execute((ConnectionCallback<String>) (connection) -> {
			try (var statement = connection.createStatement()) {
				statement.execute("SET enable_seqscan = off");
				List<String> lines = new java.util.ArrayList<>();
				try (var rs = statement.executeQuery("EXPLAIN " + sql.replace(":limit", "50"))) {
					while (rs.next()) {
						lines.add(rs.getString(1));
					}
				}
				statement.execute("RESET enable_seqscan");
				return String.join("\n", lines);
			}
		});
	}

}
