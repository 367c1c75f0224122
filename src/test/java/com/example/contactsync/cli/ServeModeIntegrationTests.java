package com.example.contactsync.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import com.example.contactsync.sandbox.TestDustessSandbox;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Service mode: the scheduled run, Actuator health (database and API) and Prometheus
 * metrics, Spring Batch's own among them.
 */
class ServeModeIntegrationTests {

	private static final String TOKEN = "serve-test-token-42";

	@Test
	void serveRunsOnScheduleAndExposesHealthAndMetricsWithoutSecrets() throws Exception {
		String database = "jdbc:h2:mem:serve-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		// the schema first (migrate), then the changes: today's scheduled
		// run takes them
		assertThat(ContactSyncCli.execute(new java.io.PrintWriter(new java.io.StringWriter()),
				new java.io.PrintWriter(new java.io.StringWriter()), "migrate", "--spring.datasource.url=" + database))
			.isZero();
		try (Connection connection = DriverManager.getConnection(database, "sa", "");
				Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO contact_change (external_id, remark) VALUES ('crm-1', 'a')");
			statement.execute("INSERT INTO contact_change (customer_id) VALUES ('legacy-2')");
		}
		try (TestDustessSandbox sandbox = TestDustessSandbox.start(0, TOKEN, JsonMapper.builder().build());
				ConfigurableApplicationContext context = ContactSyncCli.server("--server.port=0",
						"--spring.datasource.url=" + database, "--dustess.base-url=" + sandbox.baseUrl(),
						"--dustess.access-token=" + TOKEN, "--contact-sync.schedule=*/1 * * * * *")) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (jdbc.queryForObject("SELECT COUNT(*) FROM contact_change WHERE sync_state = 'PENDING'",
					Integer.class) > 0 && System.nanoTime() < deadline) {
				Thread.sleep(200);
			}
			assertThat(jdbc.queryForList("SELECT sync_state FROM contact_change ORDER BY change_id", String.class))
				.containsExactly("SYNCED", "FAILED");

			String port = context.getEnvironment().getProperty("local.server.port");
			HttpClient http = HttpClient.newHttpClient();
			HttpResponse<String> health = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).contains("\"status\":\"UP\"")
				.contains("\"db\"")
				.contains("\"dustessApi\"")
				.contains(sandbox.baseUrl().toString())
				.doesNotContain(TOKEN);

			// the gauges of the newest run are read when the run has ended, a moment
			// after
			// its changes were recorded
			HttpResponse<String> metrics;
			do {
				metrics = http.send(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
						HttpResponse.BodyHandlers.ofString());
				Thread.sleep(100);
			}
			// the periodic refresh may show the run COMPLETED before the run's end event
			// has set its 429 count: wait for both
			while (!(metrics.body().contains("contact_sync_last_run_status{status=\"COMPLETED\"} 1.0")
					&& metrics.body().contains("contact_sync_last_run_rate_limited_calls "))
					&& System.nanoTime() < deadline);
			assertThat(metrics.statusCode()).isEqualTo(200);
			assertThat(metrics.body()).contains("spring_batch_job")
				.contains("spring_batch_chunk_write")
				// left out (ItemObservations): a timer per change read and processed
				.doesNotContain("spring_batch_item_read")
				.doesNotContain("spring_batch_item_process")
				.contains("contact_sync_items_total{outcome=\"SUCCEEDED\"} 1.0")
				.contains("contact_sync_items_total{outcome=\"FAILED\"} 1.0")
				.contains("contact_sync_item_codes_total{code=\"13001\",outcome=\"FAILED\"} 1.0")
				.contains("contact_sync_api_calls_seconds_count{operation=\"batchEditCustomer\",status=\"200\"}")
				.contains("contact_sync_api_gate_wait_seconds_count{operation=\"batchEditCustomer\"}")
				// the gauges of the alerts and the dashboard, as after a pushed run
				.contains("contact_sync_last_run_status{status=\"COMPLETED\"} 1.0")
				.contains("contact_sync_last_run_items{outcome=\"FAILED\"} 1.0")
				.contains("contact_sync_changes{state=\"SYNCED\"} 1.0")
				.contains("contact_sync_last_completed_run_end_time_seconds ")
				.contains("contact_sync_backlog_oldest_created_time_seconds ")
				.contains("contact_sync_alert_failure_ratio 0.1")
				.contains("contact_sync_last_run_rate_limited_calls 0.0")
				.contains("contact_sync_progress_scope_changes ")
				.doesNotContain(TOKEN);
		}
	}

}
