package com.example.contactsync.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.example.contactsync.operations.RunResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ops views and the queries of {@code sql/ops/queries.sql} on the tables of a real
 * run.
 */
abstract class AbstractOpsViewsIntegrationTests extends AbstractSyncIntegrationTests {

	@Test
	void opsViewsShowRunsBacklogFailuresAndStuckChanges() {
		this.changes.insertValid("crm-1");
		long ghost = this.changes.insertUnknownContact("legacy-1");
		this.changes.insert(Map.of("external_id", "crm-3", "mobiles", "[{\"tel\":\"x\",\"type\":\"mobile\"}]"));
		this.changes.insert(Map.of("external_id", "crm-4", "gender", 8));
		RunResult result = this.syncRunner.run(DATE);
		long old = this.changes.insertValid("crm-old");
		this.jdbcTemplate.update(
				"UPDATE contact_change SET created_at = CURRENT_TIMESTAMP - INTERVAL '2' DAY WHERE change_id = ?", old);

		Map<String, Object> run = this.jdbcTemplate
			.queryForMap("SELECT * FROM contact_sync_run WHERE job_execution_id = ?", result.run().executionId());
		assertThat(run).containsEntry("run_date", "2026-11-25").containsEntry("status", "COMPLETED");
		assertThat(((Number) run.get("read_count")).longValue()).isEqualTo(4);
		assertThat(((Number) run.get("commit_count")).longValue()).isEqualTo(2);
		assertThat(((Number) run.get("calls")).longValue()).isEqualTo(2);
		assertThat(((Number) run.get("items_succeeded")).longValue()).isEqualTo(1);
		assertThat(((Number) run.get("items_failed")).longValue()).isEqualTo(2);
		assertThat(((Number) run.get("items_rejected")).longValue()).isEqualTo(1);

		assertThat(this.jdbcTemplate
			.queryForList("SELECT sync_state, changes, older_than_1d FROM contact_sync_backlog ORDER BY sync_state"))
			.extracting((row) -> row.get("sync_state") + "=" + row.get("changes") + "/" + row.get("older_than_1d"))
			.containsExactly("EXHAUSTED=1/0", "FAILED=1/0", "PENDING=1/1", "REJECTED=1/0", "SYNCED=1/0");

		assertThat(this.jdbcTemplate
			.queryForList("SELECT outcome, code, items FROM contact_sync_failures_by_code ORDER BY outcome, code"))
			.extracting((row) -> row.get("outcome") + ":" + row.get("code") + "=" + row.get("items"))
			.containsExactly("FAILED:13000=1", "FAILED:13001=1", "REJECTED:null=1");

		assertThat(this.jdbcTemplate.queryForList("SELECT external_id, why FROM contact_sync_stuck ORDER BY change_id"))
			.extracting((row) -> row.get("external_id") + ":" + row.get("why"))
			.containsExactly("crm-3:attempts exhausted", "crm-old:waiting over a day");
		assertThat(this.changes.state(ghost)).isEqualTo("FAILED");
	}

	@Test
	void opsQueriesInSqlRunAsWritten() throws Exception {
		long id = this.changes.insertValid("crm-1");
		RunResult result = this.syncRunner.run(DATE);
		String file = java.nio.file.Files.readString(java.nio.file.Path.of("sql/ops/queries.sql"));
		List<String> statements = java.util.Arrays.stream(file.split(";"))
			.map((statement) -> statement.replaceAll("(?m)^--.*$", "").trim())
			.filter((statement) -> !statement.isEmpty())
			.toList();
		assertThat(statements).hasSize(6);
		// 5. names the demo's change 25 as its example; here it asks for the change
		// inserted above
		String example = "o.change_id = 25";
		assertThat(statements.get(4)).contains(example);
		List<List<Map<String, Object>>> results = new ArrayList<>();
		for (String statement : statements) {
			results.add(this.jdbcTemplate.queryForList(statement.replace(example, "o.change_id = " + id)));
		}
		// 1. the run, 2. the backlog: one SYNCED change, 3./4./6. nothing failed, stuck
		// or failed-run
		assertThat(results.get(0)).singleElement()
			.satisfies((run) -> assertThat(run).containsEntry("status", "COMPLETED"));
		assertThat(results.get(1)).singleElement()
			.satisfies((row) -> assertThat(row).containsEntry("sync_state", "SYNCED"));
		assertThat(results.get(2)).isEmpty();
		assertThat(results.get(3)).isEmpty();
		// 5. the change's one outcome, in its run
		assertThat(results.get(4)).singleElement().satisfies((outcome) -> {
			assertThat(outcome.get("job_execution_id")).isEqualTo(result.run().executionId());
			assertThat(outcome).containsEntry("run_date", "2026-11-25").containsEntry("outcome", "SUCCEEDED");
			assertThat(outcome.get("contact_id")).asString().hasSize(36);
			assertThat(outcome.get("recorded_at")).isNotNull();
		});
		assertThat(results.get(5)).isEmpty();
	}

}
