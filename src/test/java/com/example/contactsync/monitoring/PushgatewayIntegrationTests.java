package com.example.contactsync.monitoring;

import java.io.File;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

import com.example.contactsync.ContactSyncApplication;
import com.example.contactsync.cli.ContactSyncCli;
import com.example.contactsync.sandbox.TestDustessSandbox;
import com.example.contactsync.sandbox.TestDustessSandbox.Fault;
import com.example.contactsync.support.Pushgateway;
import com.example.contactsync.support.Pushgateway.Series;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run's metrics reach a real Prometheus Pushgateway: at the end of the run, whatever
 * the end, grouped by job and instance, one run per group; the commands that run no job
 * push nothing.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PushgatewayIntegrationTests {

	private static final String TOKEN = "pushgateway-test-token-77";

	private Pushgateway pushgateway;

	private TestDustessSandbox sandbox;

	@BeforeEach
	void start() throws Exception {
		this.pushgateway = Pushgateway.start();
		this.sandbox = TestDustessSandbox.start(0, TOKEN, JsonMapper.builder().build());
	}

	@AfterEach
	void stop() {
		this.sandbox.close();
		this.pushgateway.close();
	}

	@Test
	void runPushesWhatTheAlertsNeedGroupedByJobAndInstance() throws Exception {
		List<Series> group = PushedRun.get().group();

		assertThat(value(group, "contact_sync_last_run_status", Map.of("status", "COMPLETED"))).isEqualTo(1);
		assertThat(value(group, "contact_sync_last_run_status", Map.of("status", "FAILED"))).isZero();
		assertThat(value(group, "contact_sync_last_run_items", Map.of("outcome", "SUCCEEDED"))).isEqualTo(4);
		assertThat(value(group, "contact_sync_last_run_items", Map.of("outcome", "FAILED"))).isEqualTo(2);
		assertThat(value(group, "contact_sync_last_run_items", Map.of("outcome", "REJECTED"))).isEqualTo(1);
		assertThat(value(group, "contact_sync_last_run_items", Map.of("outcome", "UNKNOWN"))).isEqualTo(1);
		assertThat(value(group, "contact_sync_alert_failure_ratio", Map.of())).isEqualTo(0.1);
		assertThat(value(group, "contact_sync_last_run_stuck_changes", Map.of("state", "EXHAUSTED"))).isEqualTo(1);
		assertThat(value(group, "contact_sync_last_run_stuck_changes", Map.of("state", "UNKNOWN"))).isEqualTo(1);
		assertThat(value(group, "contact_sync_last_run_rate_limited_calls", Map.of())).isEqualTo(1);
		assertThat(value(group, "contact_sync_last_run_calls", Map.of())).isEqualTo(3);
		assertThat(value(group, "contact_sync_changes", Map.of("state", "SYNCED"))).isEqualTo(4);
		assertThat(value(group, "contact_sync_changes", Map.of("state", "FAILED"))).isEqualTo(1);
		assertThat(value(group, "contact_sync_changes", Map.of("state", "PENDING"))).isZero();
		assertThat(value(group, "contact_sync_api_calls_seconds_count",
				Map.of("operation", "batchEditCustomer", "status", "429")))
			.isEqualTo(1);
		assertThat(value(group, "contact_sync_api_calls_seconds_count",
				Map.of("operation", "batchEditCustomer", "status", "200")))
			.isEqualTo(3);
		assertThat(value(group, "contact_sync_items_total", Map.of("outcome", "SUCCEEDED"))).isEqualTo(4);
		assertThat(value(group, "contact_sync_item_codes_total", Map.of("outcome", "FAILED", "code", "13001")))
			.isEqualTo(1);
		assertThat(value(group, "contact_sync_api_gate_wait_seconds_count", Map.of("operation", "batchEditCustomer")))
			.isEqualTo(4);
		// no run is under way any more
		assertThat(value(group, "contact_sync_progress_scope_changes", Map.of())).isZero();
		// to the millisecond: a run that ended in this very second ended after the second
		// began
		double now = Instant.now().toEpochMilli() / 1000.0;
		assertThat(value(group, "contact_sync_last_completed_run_end_time_seconds", Map.of())).isBetween(now - 120,
				now);
		assertThat(value(group, "contact_sync_last_run_end_time_seconds", Map.of()))
			.isEqualTo(value(group, "contact_sync_last_completed_run_end_time_seconds", Map.of()));
		assertThat(value(group, "contact_sync_backlog_oldest_created_time_seconds", Map.of())).isBetween(now - 120,
				now);
		assertThat(value(group, "push_time_seconds", Map.of())).isBetween(now - 120, now + 1);
		assertThat(PushedRun.get().scrape()).doesNotContain(PushedRun.TOKEN);
	}

	@Test
	void failedRunPushesAtItsEndAndTheRunResumingItReplacesItsGroup() throws Exception {
		// a real process, set up as cron and Kubernetes set it up: settings in its
		// environment
		File directory = new File("target/pushgateway-tests/" + UUID.randomUUID());
		Files.createDirectories(directory.toPath());
		String database = "jdbc:h2:file:" + directory.getAbsolutePath() + "/contact-sync;DB_CLOSE_ON_EXIT=FALSE";
		assertThat(ContactSyncCli.execute("migrate", "--spring.datasource.url=" + database)).isZero();
		insertChanges(database, 2);
		this.sandbox.faults((call) -> Fault.HTTP_500);

		ProcessBuilder builder = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-cp",
				System.getProperty("java.class.path"), ContactSyncApplication.class.getName(), "run",
				"--date=2026-11-25")
			.redirectErrorStream(true)
			.redirectOutput(new File(directory, "run.log"))
			.directory(directory);
		Map<String, String> environment = builder.environment();
		environment.put("SPRING_DATASOURCE_URL", database);
		environment.put("DUSTESS_BASE_URL", this.sandbox.baseUrl().toString());
		environment.put("DUSTESS_ACCESS_TOKEN", TOKEN);
		environment.put("DUSTESS_RETRY_MAX_ATTEMPTS", "1");
		environment.put("CONTACT_SYNC_CONCURRENCY", "1");
		environment.put("MANAGEMENT_PROMETHEUS_METRICS_EXPORT_PUSHGATEWAY_ENABLED", "true");
		environment.put("MANAGEMENT_PROMETHEUS_METRICS_EXPORT_PUSHGATEWAY_ADDRESS", this.pushgateway.address());
		environment.put("MANAGEMENT_PROMETHEUS_METRICS_EXPORT_PUSHGATEWAY_GROUPINGKEY_INSTANCE", "nightly-a");
		Process run = builder.start();
		assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(run.exitValue()).as(Files.readString(new File(directory, "run.log").toPath())).isEqualTo(1);

		List<Series> failed = this.pushgateway.group("contact-sync", "nightly-a");
		assertThat(value(failed, "contact_sync_last_run_status", Map.of("status", "FAILED"))).isEqualTo(1);
		assertThat(value(failed, "contact_sync_api_calls_seconds_count",
				Map.of("operation", "batchEditCustomer", "status", "500")))
			.isEqualTo(1);
		// no run has completed
		assertThat(names(failed)).doesNotContain("contact_sync_last_completed_run_end_time_seconds");
		assertThat(this.pushgateway.scrape()).doesNotContain(TOKEN);

		this.sandbox.faults((call) -> null);
		assertThat(ContactSyncCli.execute("run", "--date=2026-11-25", "--spring.datasource.url=" + database,
				"--dustess.base-url=" + this.sandbox.baseUrl(), "--dustess.access-token=" + TOKEN,
				"--management.prometheus.metrics.export.pushgateway.enabled=true",
				"--management.prometheus.metrics.export.pushgateway.address=" + this.pushgateway.address(),
				"--management.prometheus.metrics.export.pushgateway.grouping-key.instance=nightly-a"))
			.isZero();
		List<Series> resumed = this.pushgateway.group("contact-sync", "nightly-a");
		assertThat(value(resumed, "contact_sync_last_run_status", Map.of("status", "COMPLETED"))).isEqualTo(1);
		assertThat(value(resumed, "contact_sync_last_run_items", Map.of("outcome", "SUCCEEDED"))).isEqualTo(2);
		assertThat(names(resumed)).contains("contact_sync_last_completed_run_end_time_seconds");
		// PUT: the group holds this run's series only, the failed run's 500 is gone
		assertThat(resumed).noneMatch((series) -> "500".equals(series.labels().get("status")));
	}

	@Test
	void eachInstanceKeepsItsOwnGroupAndCommandsThatRunNoJobPushNothing() throws Exception {
		String database = "jdbc:h2:mem:pushgateway-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		assertThat(ContactSyncCli.execute("migrate", "--spring.datasource.url=" + database)).isZero();
		insertChanges(database, 3);
		assertThat(ContactSyncCli.execute(withPush(database, "host-b", "run", "--date=2026-11-25"))).isZero();
		this.sandbox.faults((call) -> Fault.HTTP_500);
		insertChanges(database, 1);
		assertThat(ContactSyncCli
			.execute(withPush(database, "host-c", "run", "--date=2026-11-26", "--dustess.retry.max-attempts=1")))
			.isEqualTo(1);

		assertThat(value(this.pushgateway.group("contact-sync", "host-b"), "contact_sync_items_total",
				Map.of("outcome", "SUCCEEDED")))
			.isEqualTo(3);
		assertThat(value(this.pushgateway.group("contact-sync", "host-c"), "contact_sync_items_total",
				Map.of("outcome", "SUCCEEDED")))
			.isZero();
		// the facts from the database are the same for both: the newest run failed
		assertThat(value(this.pushgateway.group("contact-sync", "host-c"), "contact_sync_last_run_status",
				Map.of("status", "FAILED")))
			.isEqualTo(1);

		for (String command : List.of("status", "failures", "show", "recover", "stop")) {
			List<String> arguments = new ArrayList<>(List.of(withPush(database, "ops-desk", command)));
			if (command.equals("show")) {
				arguments.add("--change=1");
			}
			assertThat(ContactSyncCli.execute(arguments.toArray(String[]::new))).as(command).isZero();
		}
		assertThat(ContactSyncCli.execute(withPush(database, "ops-desk", "run", "--dry-run"))).isZero();
		assertThat(this.pushgateway.series()).noneMatch((series) -> "ops-desk".equals(series.labels().get("instance")));
	}

	private String[] withPush(String database, String instance, String... command) {
		List<String> arguments = new ArrayList<>(List.of(command));
		arguments.addAll(List.of("--spring.datasource.url=" + database, "--dustess.base-url=" + this.sandbox.baseUrl(),
				"--dustess.access-token=" + TOKEN, "--management.prometheus.metrics.export.pushgateway.enabled=true",
				"--management.prometheus.metrics.export.pushgateway.address=" + this.pushgateway.address(),
				"--management.prometheus.metrics.export.pushgateway.grouping-key.instance=" + instance));
		return arguments.toArray(String[]::new);
	}

	private static void insertChanges(String database, int count) throws Exception {
		try (Connection connection = DriverManager.getConnection(database, "sa", "");
				Statement statement = connection.createStatement()) {
			for (int i = 1; i <= count; i++) {
				statement.execute("INSERT INTO contact_change (external_id, remark) VALUES ('crm-" + i + "', 'r')");
			}
		}
	}

	private static List<String> names(List<Series> group) {
		List<String> names = new ArrayList<>();
		group.forEach((series) -> names.add(series.name()));
		return names;
	}

	/** The value of the one sample of that name with these labels. */
	static double value(List<Series> group, String name, Map<String, String> labels) {
		List<Series> matching = group.stream()
			.filter((series) -> series.name().equals(name) && series.has(labels))
			.toList();
		assertThat(matching).as("%s%s among %s", name, labels, group).hasSize(1);
		return matching.get(0).value();
	}

}
