package com.example.contactsync.monitoring;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import com.example.contactsync.cli.ContactSyncCli;
import com.example.contactsync.sandbox.TestDustessSandbox;
import com.example.contactsync.sandbox.TestDustessSandbox.Fault;
import com.example.contactsync.support.PromQl;
import com.example.contactsync.support.Pushgateway;
import com.example.contactsync.support.Pushgateway.Series;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What contact-sync really exports: the series a {@code run} pushed to a real
 * Pushgateway, made once per test JVM. The run has some of everything that the alerts and
 * the dashboard look at: items that succeed, fail (13000: FAILED, waiting for the next
 * run; 13001, made permanent: EXHAUSTED), are rejected, or are UNKNOWN (an answer without
 * its last index), and a call that Dustess answers with HTTP 429 first.
 */
final class PushedRun {

	static final String JOB = "contact-sync";

	static final String INSTANCE = "pushed-run";

	static final String TOKEN = "pushed-run-token-5150";

	/** The exit code of the run: 4 of its 8 items did not succeed. */
	static final int EXIT_CODE = 3;

	private static Pushed pushed;

	private PushedRun() {
	}

	/** The run's pushed group, and the whole scrape of the Pushgateway. */
	static synchronized Pushed get() throws Exception {
		if (pushed == null) {
			pushed = push();
		}
		return pushed;
	}

	/** The names of every metric the run pushed. */
	static Set<String> metricNames() throws Exception {
		Set<String> names = new TreeSet<>();
		get().group().forEach((series) -> names.add(series.name()));
		return names;
	}

	/**
	 * Asserts that each PromQL expression (by its name) reads metrics, and only metrics
	 * that the run pushed.
	 */
	static void assertReadsOnlyPushedMetrics(Map<String, String> expressions) throws Exception {
		Set<String> pushed = metricNames();
		for (Map.Entry<String, String> expression : expressions.entrySet()) {
			Set<String> named = PromQl.metricNames(expression.getValue());
			assertThat(named).as(expression.getKey()).isNotEmpty();
			assertThat(pushed).as("%s reads %s", expression.getKey(), named).containsAll(named);
		}
	}

	private static Pushed push() throws Exception {
		try (Pushgateway pushgateway = Pushgateway.start();
				TestDustessSandbox sandbox = TestDustessSandbox.start(0, TOKEN, JsonMapper.builder().build())) {
			String database = "jdbc:h2:mem:pushed-run-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
			if (ContactSyncCli.execute("migrate", "--spring.datasource.url=" + database) != 0) {
				throw new IllegalStateException("status failed");
			}
			try (Connection connection = DriverManager.getConnection(database, "sa", "");
					Statement statement = connection.createStatement()) {
				// chunks of 3: [crm-1, crm-2, crm-3] [crm-4, legacy-1, crm-m] [crm-bad,
				// crm-5]
				statement.execute("INSERT INTO contact_change (external_id, remark) VALUES ('crm-1', 'a')");
				statement.execute("INSERT INTO contact_change (external_id, remark) VALUES ('crm-2', 'b')");
				statement.execute("INSERT INTO contact_change (external_id, remark) VALUES ('crm-3', 'c')");
				statement.execute("INSERT INTO contact_change (external_id, remark) VALUES ('crm-4', 'd')");
				statement.execute("INSERT INTO contact_change (customer_id) VALUES ('legacy-1')");
				statement.execute("INSERT INTO contact_change (external_id, mobiles) VALUES ('crm-m', "
						+ "'[{\"tel\":\"12\",\"type\":\"mobile\"}]')");
				statement.execute("INSERT INTO contact_change (external_id, gender) VALUES ('crm-bad', 9)");
				statement.execute("INSERT INTO contact_change (external_id, remark) VALUES ('crm-5', 'e')");
				// source mode too (an empty source: the changes above were written by an
				// upstream), so that the run pushes the capture's series
				statement.execute("CREATE TABLE crm_contact (external_id VARCHAR(40), remark VARCHAR(40))");
			}
			// call 1 is answered 429, its retry (call 2) without the result of crm-3
			sandbox.faults((call) -> (call == 1) ? Fault.HTTP_429 : (call == 2) ? Fault.MISSING_LAST_INDEX : null);
			int exitCode = ContactSyncCli.execute("run", "--date=2026-11-25", "--spring.datasource.url=" + database,
					"--dustess.base-url=" + sandbox.baseUrl(), "--dustess.access-token=" + TOKEN,
					"--contact-sync.chunk-size=3", "--contact-sync.concurrency=1",
					"--contact-sync.permanent-codes=13001", "--contact-sync.source.relation=crm_contact",
					"--management.prometheus.metrics.export.pushgateway.enabled=true",
					"--management.prometheus.metrics.export.pushgateway.address=" + pushgateway.address(),
					"--management.prometheus.metrics.export.pushgateway.grouping-key.instance=" + INSTANCE);
			if (exitCode != EXIT_CODE) {
				throw new IllegalStateException("The run exited " + exitCode + ", not " + EXIT_CODE);
			}
			return new Pushed(pushgateway.group(JOB, INSTANCE), pushgateway.scrape());
		}
	}

	/**
	 * What the Pushgateway held after the run.
	 *
	 * @param group the samples of the run's group (job {@value #JOB}, instance
	 * {@value #INSTANCE})
	 * @param scrape the whole scrape, as text
	 */
	record Pushed(List<Series> group, String scrape) {

	}

}
