package com.example.contactsync.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import com.example.contactsync.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The console's pages with real volumes (issue 23: each in at most 300 ms with a million
 * changes and 1,000 runs): fills PostgreSQL set-based ({@code generate_series}) with
 * {@code benchmark.console-changes} changes (default 1,000,000), their outcomes over
 * {@code benchmark.console-runs} runs (default 1,000) with four partitions each in Spring
 * Batch's tables, then renders each page {@code benchmark.console-rounds} times (default
 * 20, after 5 unmeasured) through the whole MVC stack (security, controllers, queries,
 * Thymeleaf) and prints the median and the slowest. Not part of the test suite (the
 * {@code benchmark} tag, as {@link SyncBenchmark}); it needs no jar: <pre>
 * ./mvnw -q test -Dsurefire.excludedGroups=none -Dtest=ConsoleBenchmark
 * </pre> The figures go to {@code target/benchmark/console-benchmark.txt} too.
 */
@Tag("benchmark")
@Timeout(value = 1, unit = TimeUnit.HOURS)
@SpringBootTest(properties = { "dustess.access-token=console-benchmark", "dustess.base-url=http://127.0.0.1:9",
		"contact-sync.console.users.bench.password={noop}bench" })
@AutoConfigureMockMvc
class ConsoleBenchmark {

	static final int CHANGES = Integer.getInteger("benchmark.console-changes", 1_000_000);

	static final int RUNS = Integer.getInteger("benchmark.console-runs", 1_000);

	static final int ROUNDS = Integer.getInteger("benchmark.console-rounds", 20);

	static final int PARTITIONS = 4;

	/** Two changes per contact. */
	static final int CONTACTS = CHANGES / 2;

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbcTemplate;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestPostgres.useNewDatabase(registry, "console_benchmark");
	}

	@Test
	void pagesWithAMillionChangesAndAThousandRuns() throws Exception {
		long filling = System.nanoTime();
		fill();
		double fillSeconds = (System.nanoTime() - filling) / 1e9;
		long run = RUNS / 2;
		long failedRun = 50;
		List<String> pages = List.of("/console/runs", "/console/runs?status=FAILED",
				"/console/runs?from=2024-06-01&to=2024-06-30", "/console/runs/" + run, "/console/runs/" + failedRun,
				"/console/runs/" + run + "/partitions", "/console/backlog",
				"/console/contacts?key=crm-" + (CONTACTS / 3), "/console/contacts?key=dx-" + (3 * (CONTACTS / 3)),
				"/console/contacts?key=nobody");
		List<String> table = new ArrayList<>();
		table.add(String.format("Console pages, PostgreSQL, %,d changes (%,d contacts), %,d runs of %d partitions "
				+ "(filled in %.0f s); %d renderings each after 5 unmeasured, MockMvc (security, controller, queries, "
				+ "Thymeleaf); target 300 ms", CHANGES, CONTACTS, RUNS, PARTITIONS, fillSeconds, ROUNDS));
		table.add(String.format("%-48s %9s %9s %9s", "page", "median ms", "max ms", "KB"));
		for (String page : pages) {
			int bytes = 0;
			List<Double> millis = new ArrayList<>();
			for (int round = -5; round < ROUNDS; round++) {
				long start = System.nanoTime();
				var response = this.mvc.perform(get(page).with(user("bench").roles("VIEWER")))
					.andReturn()
					.getResponse();
				double took = (System.nanoTime() - start) / 1e6;
				assertThat(response.getStatus()).as(page).isEqualTo(200);
				bytes = response.getContentAsByteArray().length;
				if (round >= 0) {
					millis.add(took);
				}
			}
			millis.sort(Double::compare);
			table.add(String.format("%-48s %9.1f %9.1f %9.0f", page, CaseRow.medianOf(millis),
					millis.get(millis.size() - 1), bytes / 1024.0));
		}
		table.add("");
		table.add(String.format(
				"The queries of the run page (run %d), a contact and the backlog, EXPLAIN ANALYZE of their generic plans:",
				run));
		table.add(String.format("%-52s %9s  %s", "query", "ms", "plan's first node"));
		for (String[] query : new String[][] { { "operations.RunHistory", "ONE" },
				{ "operations.OperationsQueries", "FAILURES" }, { "console.ConsoleQueries", "FAILURE_GROUPS" },
				{ "console.ConsoleQueries", "CALLS" }, { "console.ConsoleQueries", "STEPS" },
				{ "console.ConsoleQueries", "PARTITION_SIZES" }, { "console.ConsoleQueries", "CONTACT_CHANGES" },
				{ "monitoring.RunFactsQueries", "BACKLOG" } }) {
			// as the application's prepared statements come to run them: with the generic
			// plan, which PostgreSQL may choose after five executions
			String sql = sql(query[0], query[1]).replace("%s", "AND o.code = $2")
				.replace(":run", "$1")
				.replace(":limit", "$3")
				.replace("?", "$1");
			String argument = query[1].equals("CONTACT_CHANGES") ? "'crm-" + (CONTACTS / 3) + "'"
					: query[1].equals("FAILURES") ? run + ", 13001, 20" : String.valueOf(run);
			List<String> plan = this.jdbcTemplate.execute((java.sql.Connection connection) -> {
				try (var statement = connection.createStatement()) {
					statement.execute("SET plan_cache_mode = force_generic_plan");
					statement.execute("PREPARE console_query AS " + sql);
					List<String> lines = new ArrayList<>();
					try (var rs = statement.executeQuery("EXPLAIN ANALYZE EXECUTE console_query(" + argument + ")")) {
						while (rs.next()) {
							lines.add(rs.getString(1));
						}
					}
					statement.execute("DEALLOCATE console_query");
					statement.execute("RESET plan_cache_mode");
					return lines;
				}
			});
			String time = plan.stream()
				.filter((line) -> line.startsWith("Execution Time"))
				.findFirst()
				.orElse("?")
				.replaceAll("[^0-9.]", "");
			table.add(String.format("%-52s %9s  %s", query[0] + "." + query[1], time,
					plan.get(0).trim().replaceAll("\\s+\\(cost.*", "")));
		}
		table.add("load average (1, 5, 15 min) at the end: " + BenchmarkMachine.loadAverage());
		String printed = String.join(System.lineSeparator(), table) + System.lineSeparator();
		System.out.print(System.lineSeparator() + printed);
		Files.createDirectories(Path.of("target", "benchmark"));
		Files.writeString(Path.of("target", "benchmark", "console-benchmark.txt"), printed);
	}

	/** A query of the application's, as its class holds it. */
	private static String sql(String type, String field) throws ReflectiveOperationException {
		java.lang.reflect.Field constant = Class.forName("com.example.contactsync." + type).getDeclaredField(field);
		constant.setAccessible(true);
		return (String) constant.get(null);
	}

	/**
	 * The runs, each with its date, four partition steps and a thousand outcomes in calls
	 * of 100; the changes, most SYNCED, every hundredth FAILED with code 13001, the
	 * newest 2% PENDING; every third contact with a Dustess id.
	 */
	private void fill() {
		this.jdbcTemplate.execute("""
				INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)
				SELECT r, 0, 'contactSyncJob', md5(r::text) FROM generate_series(1, %1$d) r;
				INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time, start_time,
				    end_time, status, exit_code, exit_message, last_updated)
				SELECT r, 2, r, t, t, t + interval '3 minutes', s, s, '', t + interval '3 minutes'
				  FROM (SELECT r, timestamp '2024-01-01 02:30' + (r - 1) * interval '1 day' AS t,
				               CASE WHEN r %% 50 = 0 THEN 'FAILED' ELSE 'COMPLETED' END AS s
				          FROM generate_series(1, %1$d) r) x;
				INSERT INTO batch_job_execution_params (job_execution_id, parameter_name, parameter_type,
				    parameter_value, identifying)
				SELECT r, 'runDate', 'java.time.LocalDate', (date '2024-01-01' + (r - 1))::text, 'Y'
				  FROM generate_series(1, %1$d) r;
				INSERT INTO batch_step_execution (step_execution_id, version, step_name, job_execution_id, create_time,
				    start_time, end_time, status, commit_count, read_count, filter_count, write_count, read_skip_count,
				    write_skip_count, process_skip_count, rollback_count, exit_code, exit_message, last_updated)
				SELECT (r - 1) * %3$d + p + 1, 3,
				       CASE WHEN p = 0 THEN 'syncContactChanges'
				            ELSE 'syncContactChangesPartition:partition' || (p - 1) || 'of' || (%3$d - 1) END,
				       r, e.start_time, e.start_time, e.end_time, e.status, 3, %2$d / %1$d / (%3$d - 1), 0,
				       %2$d / %1$d / (%3$d - 1), 0, 0, 0, 0, e.status, '', e.end_time
				  FROM generate_series(1, %1$d) r JOIN batch_job_execution e ON e.job_execution_id = r,
				       generate_series(0, %3$d - 1) p;
				SELECT setval('batch_job_instance_seq', %1$d), setval('batch_job_execution_seq', %1$d),
				       setval('batch_step_execution_seq', %1$d * %3$d)
				""".formatted(RUNS, CHANGES, PARTITIONS + 1));
		this.jdbcTemplate.execute("""
				INSERT INTO contact_change (external_id, customer_id, remark, email, mobiles, sync_state, attempts,
				    last_code, last_message, created_at)
				SELECT 'crm-' || (g %% %2$d), CASE WHEN (g %% %2$d) %% 3 = 0 THEN 'dx-' || (g %% %2$d) END,
				       'Contact ' || g, 'c' || g || '@example.com',
				       ('[{"tel": "138' || lpad(g::text, 8, '0') || '", "type": "mobile"}]')::jsonb,
				       CASE WHEN g > %1$d * 0.98 THEN 'PENDING' WHEN g %% 100 = 0 THEN 'FAILED' ELSE 'SYNCED' END,
				       CASE WHEN g > %1$d * 0.98 THEN 0 ELSE 1 END,
				       CASE WHEN g %% 100 = 0 AND g <= %1$d * 0.98 THEN 13001 END,
				       CASE WHEN g %% 100 = 0 AND g <= %1$d * 0.98 THEN 'customer not found' END,
				       timestamp '2024-01-01' + (g::float8 / %1$d) * %3$d * interval '1 day'
				  FROM generate_series(1, %1$d) g
				""".formatted(CHANGES, CONTACTS, RUNS));
		this.jdbcTemplate.execute("""
				INSERT INTO sync_outcome (job_execution_id, change_id, call_id, request_index, outcome, code, msg,
				    contact_id, recorded_at)
				SELECT r, c.change_id, 'call-' || ((c.change_id - 1) / 100), (c.change_id - 1) %% 100 + 1,
				       CASE WHEN c.sync_state = 'FAILED' THEN 'FAILED' ELSE 'SUCCEEDED' END,
				       CASE WHEN c.sync_state = 'FAILED' THEN 13001 ELSE 0 END,
				       CASE WHEN c.sync_state = 'FAILED' THEN 'customer not found' ELSE 'ok' END,
				       'dx-' || substr(c.external_id, 5),
				       timestamp '2024-01-01 02:30' + (r - 1) * interval '1 day'
				           + ((c.change_id - 1) %% (%1$d / %2$d)) * interval '150 milliseconds'
				  FROM contact_change c, LATERAL (SELECT 1 + (c.change_id - 1) * %2$d / %1$d AS r) x
				 WHERE c.sync_state <> 'PENDING'
				""".formatted(CHANGES, RUNS));
		this.jdbcTemplate.execute("VACUUM ANALYZE");
	}

}
