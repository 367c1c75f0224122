package com.example.contactsync.remote;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.contactsync.cli.ContactSyncCliAccess;
import com.example.contactsync.sandbox.TestDustessSandbox;
import com.example.contactsync.sandbox.TestDustessSandbox.Fault;
import com.example.contactsync.support.ChildProcess;
import com.example.contactsync.support.Pushgateway;
import com.example.contactsync.support.Pushgateway.Series;
import com.example.contactsync.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metrics a remote partitioning run pushes are whole: the same changes synced once by
 * a local run and once by a manager whose partitions a {@code worker} JVM executes, each
 * on a PostgreSQL database of its own, against one sandbox that answers the first call
 * carrying {@code crm-2} with HTTP 429 — the manager's pushed group has the same calls,
 * items per outcome, 429s, stuck changes and progress (also while the run goes) as the
 * local run's, though the manager made no call itself.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RemoteRunMetricsIntegrationTests {

	private static final String TOKEN = "remote-metrics-token";

	private static final String DATE = "2026-11-29";

	/** The pushed families that describe a run's work, read from the database. */
	private static final List<String> RUN_FAMILIES = List.of("contact_sync_last_run_status",
			"contact_sync_last_run_calls", "contact_sync_last_run_items", "contact_sync_last_run_rate_limited_calls",
			"contact_sync_last_run_stuck_changes", "contact_sync_changes", "contact_sync_progress_scope_changes",
			"contact_sync_progress_done_changes");

	private static final String REMOTE = "--contact-sync.partitioning=remote";

	private final AtomicBoolean rateLimitNext = new AtomicBoolean();

	private final StringWriter out = new StringWriter();

	/** The scope of each instance's run, as pushed while it was under way. */
	private final Map<String, Double> scopeInFlight = new TreeMap<>();

	private final List<ChildProcess> children = new ArrayList<>();

	private final Pushgateway pushgateway = Pushgateway.start();

	private final TestDustessSandbox sandbox = TestDustessSandbox.start(0, TOKEN, JsonMapper.builder().build());

	RemoteRunMetricsIntegrationTests() throws Exception {
		// the first call that carries crm-2 is answered 429 (and sent again after its
		// Retry-After), whichever process makes it
		this.sandbox.faultsByEntries(
				(entries) -> carries(entries, "crm-2") && this.rateLimitNext.getAndSet(false) ? Fault.HTTP_429 : null);
	}

	@AfterEach
	void stop() {
		this.children.forEach(ChildProcess::kill);
		this.sandbox.close();
		this.pushgateway.close();
	}

	@Test
	void theManagersPushOfARemoteRunEqualsThePushOfTheSameRunDoneLocally() throws Exception {
		TestPostgres.Database local = TestPostgres.createDatabase("remote_metrics_local");
		prepare(local);
		assertThat(run(local, "local")).as(this.out.toString()).isEqualTo(3);
		Map<String, Double> localRun = runFamilies("local");

		TestPostgres.Database remote = TestPostgres.createDatabase("remote_metrics_remote");
		prepare(remote);
		List<String> worker = new ArrayList<>(List.of("worker", "--server.port=0"));
		worker.addAll(settings(remote));
		worker.add(REMOTE);
		ChildProcess workerProcess = ChildProcess.start(worker);
		this.children.add(workerProcess);
		workerProcess.awaitOutput("is waiting for partitions", 180);
		int calls = this.sandbox.calls();
		assertThat(run(remote, "remote", REMOTE)).as(this.out.toString()).isEqualTo(3);
		Map<String, Double> remoteRun = runFamilies("remote");

		// the worker made the calls, the manager none
		assertThat(workerProcess.output()).contains("Executing syncContactChangesPartition:partition0of2")
			.contains("Executing syncContactChangesPartition:partition1of2");
		assertThat(this.sandbox.calls() - calls).isEqualTo((int) (double) localRun.get("contact_sync_last_run_calls")
				+ (int) (double) localRun.get("contact_sync_last_run_rate_limited_calls"));
		assertThat(remoteRun).isEqualTo(localRun);
		// and they are the run's: 12 changes, one 429, every outcome
		assertThat(localRun).containsEntry("contact_sync_last_run_rate_limited_calls", 1.0)
			.containsEntry("contact_sync_last_run_items{outcome=SUCCEEDED}", 10.0)
			.containsEntry("contact_sync_last_run_items{outcome=FAILED}", 2.0)
			.containsEntry("contact_sync_last_run_items{outcome=REJECTED}", 1.0)
			.containsEntry("contact_sync_last_run_stuck_changes{state=EXHAUSTED}", 1.0)
			.containsEntry("contact_sync_last_run_status{status=COMPLETED}", 1.0)
			.containsEntry("contact_sync_progress_scope_changes", 0.0);
		assertThat(localRun.get("contact_sync_last_run_calls")).isGreaterThanOrEqualTo(6);
		// while it went, the manager pushed the run's scope, as the local run did: the
		// alert on a failed run sees it resuming
		assertThat(this.scopeInFlight).containsEntry("local", 13.0).containsEntry("remote", 13.0);
		// the run's summary says the same for both
		assertThat(summary(local)).isEqualTo(summary(remote)).contains("COMPLETED");
	}

	/** Migrates the database and writes the run's changes. */
	private void prepare(TestPostgres.Database database) throws Exception {
		assertThat(command(database, "migrate")).as(this.out.toString()).isZero();
		try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
				Statement statement = connection.createStatement()) {
			for (int i = 1; i <= 10; i++) {
				statement.execute("INSERT INTO contact_change (external_id, remark) VALUES ('crm-" + i + "', 'r')");
			}
			// FAILED 13001, made permanent: EXHAUSTED
			statement.execute("INSERT INTO contact_change (customer_id) VALUES ('legacy-1')");
			// FAILED 13000: an invalid mobile
			statement.execute("INSERT INTO contact_change (external_id, mobiles) VALUES ('crm-m', "
					+ "'[{\"tel\":\"12\",\"type\":\"mobile\"}]')");
			// REJECTED: not sent
			statement.execute("INSERT INTO contact_change (external_id, gender) VALUES ('crm-bad', 9)");
		}
	}

	/**
	 * Runs {@link #DATE}, pushing every 200 ms: its calls are held until a push shows the
	 * run under way, whose scope is kept in {@link #scopeInFlight}.
	 */
	private int run(TestPostgres.Database database, String instance, String... extra) throws Exception {
		this.rateLimitNext.set(true);
		List<String> arguments = new ArrayList<>(
				List.of("run", "--date=" + DATE, "--management.prometheus.metrics.export.pushgateway.enabled=true",
						"--management.prometheus.metrics.export.pushgateway.push-rate=200ms",
						"--management.prometheus.metrics.export.pushgateway.address=" + this.pushgateway.address(),
						"--management.prometheus.metrics.export.pushgateway.grouping-key.instance=" + instance));
		arguments.addAll(List.of(extra));
		CountDownLatch held = new CountDownLatch(1);
		this.sandbox.onCall((call) -> {
			try {
				held.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		try {
			CompletableFuture<Integer> run = CompletableFuture
				.supplyAsync(() -> command(database, arguments.toArray(String[]::new)));
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
			double scope = 0;
			while (scope == 0) {
				assertThat(System.nanoTime()).as("%s pushed a run under way", instance).isLessThan(deadline);
				assertThat(run).as("%s runs", instance).isNotDone();
				Thread.sleep(100);
				scope = this.pushgateway.group("contact-sync", instance)
					.stream()
					.filter((series) -> series.name().equals("contact_sync_progress_scope_changes"))
					.mapToDouble(Series::value)
					.sum();
			}
			this.scopeInFlight.put(instance, scope);
			held.countDown();
			return run.get(120, TimeUnit.SECONDS);
		}
		finally {
			held.countDown();
		}
	}

	/** The run's row of {@code status} without its times. */
	private String summary(TestPostgres.Database database) {
		assertThat(command(database, "status")).isZero();
		return this.out.toString()
			.lines()
			.filter((line) -> line.contains(DATE))
			.findFirst()
			.orElseThrow()
			.replaceAll("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d|\\d+(\\.\\d+)?m?s\\b", "")
			.replaceAll("\\s+", " ");
	}

	private int command(TestPostgres.Database database, String... command) {
		this.out.getBuffer().setLength(0);
		List<String> arguments = new ArrayList<>(List.of(command));
		arguments.addAll(settings(database));
		return ContactSyncCliAccess.execute(new PrintWriter(this.out, true), arguments.toArray(String[]::new));
	}

	/**
	 * The settings of every process: two partitions in chunks of two, 13001 permanent;
	 * quick heartbeats and polls for a remote run ({@link #REMOTE}).
	 */
	private List<String> settings(TestPostgres.Database database) {
		return List.of("--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.user(),
				"--spring.datasource.password=" + database.password(), "--dustess.base-url=" + this.sandbox.baseUrl(),
				"--dustess.access-token=" + TOKEN, "--contact-sync.chunk-size=2", "--contact-sync.concurrency=2",
				"--contact-sync.permanent-codes=13001", "--contact-sync.remote.poll-interval=200ms",
				"--contact-sync.remote.heartbeat-interval=1s", "--contact-sync.remote.lost-after=10s");
	}

	/** The samples of the run's families in an instance's group, by name and labels. */
	private Map<String, Double> runFamilies(String instance) throws Exception {
		Map<String, Double> samples = new TreeMap<>();
		for (Series series : this.pushgateway.group("contact-sync", instance)) {
			if (RUN_FAMILIES.contains(series.name())) {
				Map<String, String> labels = new TreeMap<>(series.labels());
				labels.keySet().removeAll(List.of("job", "instance"));
				samples.put(series.name() + (labels.isEmpty() ? "" : labels.toString().replace(" ", "")),
						series.value());
			}
		}
		assertThat(samples.keySet()).as("%s pushed %s", instance, samples)
			.anyMatch((key) -> key.startsWith("contact_sync_last_run_calls"));
		return samples;
	}

	private static boolean carries(List<JsonNode> entries, String externalId) {
		return entries.stream()
			.anyMatch((entry) -> entry.has("external_id") && externalId.equals(entry.get("external_id").asString()));
	}

}
