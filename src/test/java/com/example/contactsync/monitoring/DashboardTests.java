package com.example.contactsync.monitoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.contactsync.cli.ContactSyncCli;
import com.example.contactsync.sandbox.TestDustessSandbox;
import com.example.contactsync.support.ExternalTools;
import com.example.contactsync.support.Pushgateway.Series;
import com.example.contactsync.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Grafana dashboard of {@code jobs/monitoring/}: each panel reads Prometheus or
 * PostgreSQL; every PromQL query is valid for {@code promtool} and names only metrics
 * that a run really pushes; every SQL query answers on PostgreSQL, after a run, for a
 * login role that is a member of the read-only {@code contact_sync_ops};
 * {@code src/docs/monitoring.md} describes each panel.
 */
@Timeout(value = 180, unit = java.util.concurrent.TimeUnit.SECONDS)
class DashboardTests {

	static final Path DASHBOARD = AlertRulesTests.MONITORING.resolve("contact-sync-dashboard.json");

	private static final String PROMETHEUS = "${DS_PROMETHEUS}";

	private static final String POSTGRESQL = "${DS_POSTGRESQL}";

	/** What Grafana puts for the dashboard's variables, as a test sets them. */
	private static final Map<String, String> VARIABLES = Map.of("$__rate_interval", "5m", "$instance", ".*",
			"$batch_time_zone", "Asia/Shanghai");

	private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^)]*)\\)");

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*(\\w+)\\s*,\\s*(\\w+)\\s*\\)");

	private static final String GRAFANA_USER = "contact_sync_grafana_test";

	@Test
	void dashboardWhenReadThenEveryPanelReadsPrometheusOrThePostgresqlOfTheOpsRole() throws Exception {
		JsonNode dashboard = dashboard();
		Set<String> inputs = new HashSet<>();
		dashboard.get("__inputs").forEach((input) -> inputs.add("${" + input.get("name").asString() + "}"));
		assertThat(inputs).containsExactlyInAnyOrder(PROMETHEUS, POSTGRESQL);
		Set<String> used = new HashSet<>();
		for (JsonNode panel : panels()) {
			String source = panel.get("datasource").get("uid").asString();
			assertThat(source).as(title(panel)).isIn(PROMETHEUS, POSTGRESQL);
			used.add(source);
			assertThat(panel.get("targets")).as(title(panel)).isNotEmpty();
			for (JsonNode target : panel.get("targets")) {
				assertThat(target.get("datasource").get("uid").asString()).as(title(panel)).isEqualTo(source);
				assertThat(target.has(source.equals(PROMETHEUS) ? "expr" : "rawSql")).as(title(panel)).isTrue();
			}
		}
		assertThat(used).containsExactlyInAnyOrder(PROMETHEUS, POSTGRESQL);
	}

	@Test
	void promQlWhenCheckedByPromtoolThenValid() throws Exception {
		StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
		int i = 0;
		for (Map.Entry<String, String> query : promQl().entrySet()) {
			rules.append("      - record: dashboard:query_")
				.append(++i)
				.append("\n        expr: '")
				.append(query.getValue().replace("'", "''"))
				.append("'\n");
		}
		Path directory = Files.createDirectories(Path.of("target/dashboard-tests"));
		Files.writeString(directory.resolve("dashboard-queries.yml"), rules);
		ExternalTools.Result check = ExternalTools.run(directory, Duration.ofSeconds(60),
				ExternalTools.promtool().toString(), "check", "rules", "dashboard-queries.yml");
		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: " + i + " rules found");
	}

	@Test
	void promQlWhenReadThenEveryQueryNamesMetricsThatARunPushes() throws Exception {
		PushedRun.assertReadsOnlyPushedMetrics(promQl());
		for (JsonNode variable : dashboard().get("templating").get("list")) {
			if (variable.get("type").asString().equals("query")) {
				Matcher labelValues = LABEL_VALUES.matcher(variable.get("definition").asString());
				assertThat(labelValues.matches()).isTrue();
				List<Series> series = PushedRun.get()
					.group()
					.stream()
					.filter((s) -> s.name().equals(labelValues.group(1)))
					.toList();
				assertThat(series).as(labelValues.group(1))
					.isNotEmpty()
					.allMatch((s) -> s.labels().containsKey(labelValues.group(2)));
			}
		}
	}

	@Test
	void sqlWhenRunOnPostgresqlAsAMemberOfTheOpsRoleThenEveryQueryAnswersAfterARun() throws Exception {
		TestPostgres.Database database = TestPostgres.createDatabase("dashboard_tests");
		try (TestDustessSandbox sandbox = TestDustessSandbox.start(0, "dashboard-token",
				JsonMapper.builder().build())) {
			String[] settings = { "--spring.datasource.url=" + database.url(),
					"--spring.datasource.username=" + database.user(),
					"--spring.datasource.password=" + database.password(), "--dustess.base-url=" + sandbox.baseUrl(),
					"--dustess.access-token=dashboard-token", "--contact-sync.permanent-codes=13001" };
			assertThat(ContactSyncCli.execute(concat(new String[] { "migrate" }, settings))).isZero();
			try (Connection connection = DriverManager.getConnection(database.url(), database.user(),
					database.password()); Statement statement = connection.createStatement()) {
				statement.execute("INSERT INTO contact_change (external_id, remark) VALUES ('crm-1', 'a')");
				statement.execute("INSERT INTO contact_change (customer_id) VALUES ('legacy-1')");
				statement.execute("INSERT INTO contact_change (external_id, mobiles) VALUES ('crm-m', "
						+ "'[{\"tel\":\"12\",\"type\":\"mobile\"}]'::jsonb)");
				statement.execute("INSERT INTO contact_change (external_id, gender) VALUES ('crm-bad', 9)");
				// Grafana's login: a member of the read-only role (roles belong to the
				// server, not the database)
				statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + GRAFANA_USER
						+ "') THEN CREATE ROLE " + GRAFANA_USER
						+ " LOGIN PASSWORD 'grafana-test' IN ROLE contact_sync_ops; END IF; END $$");
			}
			assertThat(ContactSyncCli.execute(concat(new String[] { "run", "--date=2026-11-25" }, settings)))
				.isEqualTo(3);
		}
		Map<String, String> queries = sql();
		assertThat(queries).hasSizeGreaterThanOrEqualTo(5);
		try (Connection grafana = DriverManager.getConnection(withoutUser(database.url()), GRAFANA_USER,
				"grafana-test"); Statement statement = grafana.createStatement()) {
			try (ResultSet user = statement.executeQuery("SELECT current_user")) {
				assertThat(user.next()).isTrue();
				assertThat(user.getString(1)).isEqualTo(GRAFANA_USER);
			}
			for (Map.Entry<String, String> query : queries.entrySet()) {
				int rows = 0;
				try (ResultSet result = statement.executeQuery(query.getValue())) {
					while (result.next()) {
						rows++;
					}
				}
				assertThat(rows).as("rows of %s", query.getKey()).isPositive();
			}
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.executeUpdate("UPDATE contact_change SET sync_state = 'PENDING'"))
				.withMessageContaining("permission denied");
		}
	}

	@Test
	void monitoringDocWhenReadThenDescribesEveryPanel() throws Exception {
		String monitoring = AlertRulesTests.section(Files.readString(AlertRulesTests.MONITORING_DOC), "## Monitoring");
		for (JsonNode panel : panels()) {
			assertThat(monitoring)
				.as("%s, section Monitoring, on the panel %s", AlertRulesTests.MONITORING_DOC, title(panel))
				.contains("**" + title(panel) + "**");
		}
	}

	/** Each PromQL query by panel and refId, Grafana's variables set. */
	private static Map<String, String> promQl() throws Exception {
		return queries(PROMETHEUS, "expr");
	}

	/** Each SQL query by panel and refId, Grafana's macros and variables expanded. */
	private static Map<String, String> sql() throws Exception {
		Map<String, String> queries = new LinkedHashMap<>();
		queries(POSTGRESQL, "rawSql").forEach((name, query) -> queries.put(name,
				TIME_FILTER.matcher(query).replaceAll("$1 BETWEEN '2000-01-01T00:00:00Z' AND '2100-01-01T00:00:00Z'")));
		return queries;
	}

	private static Map<String, String> queries(String source, String field) throws Exception {
		Map<String, String> queries = new LinkedHashMap<>();
		for (JsonNode panel : panels()) {
			if (panel.get("datasource").get("uid").asString().equals(source)) {
				for (JsonNode target : panel.get("targets")) {
					String query = target.get(field).asString();
					for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
						query = query.replace(variable.getKey(), variable.getValue());
					}
					String name = title(panel) + " " + target.get("refId").asString();
					assertThat(query.replaceAll("\\$__timeFilter\\(", "")).as(name).doesNotContain("$");
					queries.put(name, query);
				}
			}
		}
		assertThat(queries).as(source).isNotEmpty();
		return queries;
	}

	/** Every panel but the rows. */
	private static List<JsonNode> panels() throws Exception {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : dashboard().get("panels")) {
			if (!panel.get("type").asString().equals("row")) {
				panels.add(panel);
			}
		}
		return panels;
	}

	private static String title(JsonNode panel) {
		return panel.get("title").asString();
	}

	private static JsonNode dashboard() throws Exception {
		return JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
	}

	/**
	 * The URL without the {@code user} and {@code password} parameters the embedded
	 * server puts in it (they would win over the login given).
	 */
	private static String withoutUser(String url) {
		int query = url.indexOf('?');
		if (query < 0) {
			return url;
		}
		List<String> parameters = new ArrayList<>();
		for (String parameter : url.substring(query + 1).split("&")) {
			if (!parameter.startsWith("user=") && !parameter.startsWith("password=")) {
				parameters.add(parameter);
			}
		}
		return url.substring(0, query) + (parameters.isEmpty() ? "" : "?" + String.join("&", parameters));
	}

	private static String[] concat(String[] first, String[] second) {
		List<String> all = new ArrayList<>(List.of(first));
		all.addAll(List.of(second));
		return all.toArray(String[]::new);
	}

}
