package com.example.contactsync.console;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.example.contactsync.job.ContactSyncJobConfiguration;
import com.example.contactsync.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

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

	@Test
	void runPageWhenAWorkerClaimedAPartitionThenNamesThatWorker() throws Exception {
		List<Long> partitions = this.jdbcTemplate.queryForList(
				"SELECT step_execution_id FROM batch_step_execution WHERE job_execution_id = ? AND step_name LIKE ? "
						+ "ORDER BY step_name",
				Long.class, this.run, ContactSyncJobConfiguration.PARTITION_STEP_NAME + ":%");
		assertThat(partitions).hasSize(2);
		// as a remote worker leaves its claim once the partition has ended (Workers, V25)
		this.jdbcTemplate.update("""
				INSERT INTO contact_sync_worker_partition (step_execution_id, worker_id, started_at, ended_at)
				VALUES (?, 'host-b:4242:7f3a', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)""", partitions.get(1));

		String html = page(
				this.mvc.perform(get("/console/runs/" + this.run).with(user("viewer").roles("VIEWER"))).andReturn());

		assertThat(workerCell(html, partitions.get(1))).isEqualTo("host-b:4242:7f3a");
		// a partition no worker claimed, and that has ended, names none
		assertThat(workerCell(html, partitions.get(0))).isEqualTo("-");
		assertThat(workerCell(page(
				this.mvc.perform(get("/console/runs/" + this.run + "/partitions").with(user("viewer").roles("VIEWER")))
					.andReturn()),
				partitions.get(1)))
			.isEqualTo("host-b:4242:7f3a");
	}

	private static String workerCell(String html, long stepExecutionId) {
		Matcher cell = Pattern
			.compile("id=\"step-" + stepExecutionId + "\".*?<td class=\"worker\">([^<]*)</td>", Pattern.DOTALL)
			.matcher(html);
		assertThat(cell.find()).as("the row of step execution %d", stepExecutionId).isTrue();
		return cell.group(1);
	}

	/**
	 * The plan PostgreSQL chooses with many runs' outcomes in {@code sync_outcome}
	 * (20,000 rows of 200 other runs, analyzed, in a transaction rolled back afterwards)
	 * and reading whole tables dearer than using an index, as it is with a million rows:
	 * with the few rows of these tests alone its choice between two indexes is a coin
	 * flip.
	 */
	private String plan(String sql) {
		return this.jdbcTemplate.execute((ConnectionCallback<String>) (connection) -> {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try (var statement = connection.createStatement()) {
				statement.execute(
						"""
								INSERT INTO sync_outcome (job_execution_id, change_id, call_id, outcome)
								SELECT 100000 + g / 100, (SELECT MIN(change_id) FROM contact_change), 'planned-' || g, 'SUCCEEDED'
								FROM generate_series(1, 20000) g""");
				statement.execute("ANALYZE sync_outcome");
				statement.execute("SET LOCAL enable_seqscan = off");
				List<String> lines = new java.util.ArrayList<>();
				try (var rs = statement.executeQuery("EXPLAIN " + sql.replace(":limit", "50"))) {
					while (rs.next()) {
						lines.add(rs.getString(1));
					}
				}
				return String.join("\n", lines);
			}
			finally {
				connection.rollback();
				connection.setAutoCommit(autoCommit);
			}
		});
	}

}
