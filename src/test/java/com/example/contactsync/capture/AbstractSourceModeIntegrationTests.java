package com.example.contactsync.capture;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.test.JobRepositoryTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

import com.example.contactsync.operations.RunResult;
import com.example.contactsync.operations.SyncRunner;
import com.example.contactsync.sandbox.TestDustessSandbox;
import com.example.contactsync.support.ContactChanges;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Source mode end to end: a company table ({@code crm_customer}) as the source, the whole
 * job (capture, then sync) against the sandbox, the request bodies checked at the server.
 * The subclasses choose the database.
 */
@SpringBootTest(properties = { "contact-sync.chunk-size=2", "contact-sync.concurrency=1",
		"dustess.access-token=" + AbstractSourceModeIntegrationTests.TOKEN, "dustess.retry.max-attempts=2",
		"dustess.retry.initial-delay=10ms", "dustess.retry.jitter=0ms", "dustess.rate-limit.calls-per-second=1000",
		"contact-sync.max-attempts=1", "contact-sync.permanent-codes=13000",
		"contact-sync.source.relation=crm_customer", "contact-sync.source.on-delete.status=invalid" })
@SpringBatchTest
@org.junit.jupiter.api.Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS)
abstract class AbstractSourceModeIntegrationTests {

	static final String TOKEN = "source-mode-token";

	static final TestDustessSandbox sandbox = start();

	static final LocalDate DATE = LocalDate.of(2026, 12, 1);

	@Autowired
	SyncRunner syncRunner;

	@Autowired
	JdbcTemplate jdbcTemplate;

	@Autowired
	JobRepositoryTestUtils jobRepositoryTestUtils;

	@Autowired
	Capture capture;

	@Autowired
	PlatformTransactionManager transactionManager;

	private int day;

	@DynamicPropertySource
	static void dustessApi(DynamicPropertyRegistry registry) {
		registry.add("dustess.base-url", () -> sandbox.baseUrl().toString());
	}

	static TestDustessSandbox start() {
		try {
			return TestDustessSandbox.start(0, TOKEN, JsonMapper.builder().build());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@AfterAll
	static void stopSandbox() {
		sandbox.reset();
	}

	/** The source table's DDL: its list column typed as on this database. */
	abstract String jsonType();

	@BeforeEach
	void cleanUp() {
		this.jobRepositoryTestUtils.removeJobExecutions();
		new ContactChanges(this.jdbcTemplate).deleteAll();
		this.jdbcTemplate.update("DELETE FROM contact_sync_source_state");
		this.jdbcTemplate.update("DELETE FROM contact_sync_capture");
		this.jdbcTemplate.execute("CREATE TABLE IF NOT EXISTS crm_customer (external_id VARCHAR(128), "
				+ "remark VARCHAR(1000), email VARCHAR(255), age INT, mobiles " + jsonType() + ")");
		this.jdbcTemplate.update("DELETE FROM crm_customer");
		sandbox.reset();
		this.day = 0;
	}

	@Test
	void runSendsNewRowsWholeThenOnlyTheFieldsThatChangedAndNothingForUnchangedRows() {
		source("c1", "first", "c1@example.com", 30, "[{\"tel\":\"13800000001\",\"type\":\"mobile\"}]");
		source("c2", "second", null, 41, null);
		source("c3", "third", "c3@example.com", null, null);
		assertThat(run().kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(sent()).hasSize(3);
		assertThat(fieldsOf(sent(), "c1")).containsOnlyKeys("external_id", "remark", "email", "age", "mobiles");
		assertThat(fieldsOf(sent(), "c2")).containsOnlyKeys("external_id", "remark", "age");
		sandbox.forgetReceivedCalls();

		this.jdbcTemplate.update("UPDATE crm_customer SET remark = 'first, edited' WHERE external_id = 'c1'");
		this.jdbcTemplate.update("UPDATE crm_customer SET age = 42 WHERE external_id = 'c2'");
		assertThat(run().kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(sent()).hasSize(2);
		assertThat(fieldsOf(sent(), "c1")).containsOnlyKeys("external_id", "remark");
		assertThat(fieldsOf(sent(), "c1").get("remark").asString()).isEqualTo("first, edited");
		assertThat(fieldsOf(sent(), "c2")).containsOnlyKeys("external_id", "age");
		assertThat(lastCapture()).containsEntry("changed_rows", 2L)
			.containsEntry("unchanged_rows", 1L)
			.containsEntry("new_rows", 0L)
			.containsEntry("changes", 2L)
			.containsEntry("field_counts", "remark=1,age=1");
		sandbox.forgetReceivedCalls();

		assertThat(run().kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(sent()).isEmpty();
		assertThat(lastCapture()).containsEntry("unchanged_rows", 3L).containsEntry("changes", 0L);
	}

	@Test
	void aClearedFieldIsNotSentAndAFieldSetAgainIs() {
		source("c1", "first", "c1@example.com", 30, null);
		run();
		sandbox.forgetReceivedCalls();
		this.jdbcTemplate.update("UPDATE crm_customer SET email = NULL WHERE external_id = 'c1'");
		run();
		assertThat(sent()).isEmpty();
		assertThat(lastCapture()).containsEntry("changed_rows", 1L).containsEntry("changes", 0L);
		this.jdbcTemplate.update("UPDATE crm_customer SET email = 'c1@example.com' WHERE external_id = 'c1'");
		run();
		assertThat(fieldsOf(sent(), "c1")).containsOnlyKeys("external_id", "email");
	}

	@Test
	void goneKeysAreMarkedAndSentTheirOnDeleteFieldsOnceAndAKeyThatComesBackIsSentWhole() {
		for (int i = 1; i <= 5; i++) {
			source("c" + i, "remark " + i, null, null, null);
		}
		run();
		sandbox.forgetReceivedCalls();
		this.jdbcTemplate.update("DELETE FROM crm_customer WHERE external_id = 'c5'");
		run();
		assertThat(sent()).hasSize(1);
		assertThat(fieldsOf(sent(), "c5")).containsOnlyKeys("external_id", "status");
		assertThat(lastCapture()).containsEntry("gone_rows", 1L).containsEntry("unchanged_rows", 4L);
		sandbox.forgetReceivedCalls();
		run();
		assertThat(sent()).isEmpty();
		assertThat(lastCapture()).containsEntry("gone_rows", 0L);
		source("c5", "remark 5", null, null, null);
		run();
		assertThat(fieldsOf(sent(), "c5")).containsOnlyKeys("external_id", "remark");
		assertThat(lastCapture()).containsEntry("returned_rows", 1L);
	}

	@Test
	void fieldsOfAFailedChangeAreOwedAndGoWithTheKeysNextChange() {
		source("c1", "first", null, 30, "[{\"tel\":\"12-34\",\"type\":\"mobile\"}]");
		run();
		assertThat(this.jdbcTemplate.queryForObject("SELECT sync_state FROM contact_change", String.class))
			.isEqualTo("EXHAUSTED");
		sandbox.forgetReceivedCalls();
		run();
		assertThat(sent()).as("owed fields wait for the key's next change").isEmpty();
		this.jdbcTemplate.update("UPDATE crm_customer SET mobiles = " + json("?") + " WHERE external_id = 'c1'",
				"[{\"tel\":\"13800000001\",\"type\":\"mobile\"}]");
		run();
		assertThat(fieldsOf(sent(), "c1")).containsOnlyKeys("external_id", "remark", "age", "mobiles");
		sandbox.forgetReceivedCalls();
		this.jdbcTemplate.update("UPDATE crm_customer SET age = 31 WHERE external_id = 'c1'");
		run();
		assertThat(fieldsOf(sent(), "c1")).as("confirmed now").containsOnlyKeys("external_id", "age");
	}

	@Test
	void nullAndRepeatedKeysAreRefusedWithCountsAndMaskedExamplesAndNothingIsWritten() {
		source("c1", "first", null, null, null);
		source("c1-repeated-key", "one", null, null, null);
		source("c1-repeated-key", "two", null, null, null);
		source(null, "no key", null, null, null);
		RunResult result = run();
		assertThat(result.kind()).isEqualTo(RunResult.Kind.SOURCE_REFUSED);
		assertThat(result.message()).contains("1 rows with a NULL external_id")
			.contains("1 keys on more than one row")
			.doesNotContain("c1-repeated-key");
		assertThat(count("contact_change")).isZero();
		assertThat(count("contact_sync_source_state")).isZero();
		assertThat(sandbox.calls()).isZero();
	}

	@Test
	void losingMoreKeysThanTheShareIsRefusedUnlessAccepted() {
		for (int i = 1; i <= 10; i++) {
			source("c" + i, "remark " + i, null, null, null);
		}
		run();
		this.jdbcTemplate.update("DELETE FROM crm_customer WHERE external_id IN ('c1', 'c2', 'c3')");
		RunResult refused = run();
		assertThat(refused.kind()).isEqualTo(RunResult.Kind.SOURCE_REFUSED);
		assertThat(refused.message()).contains("lost 3 of its 10 keys");
		assertThat(lastCapture()).as("recorded for the alert")
			.containsEntry("kind", "REFUSED")
			.containsEntry("gone_rows", 3L);
		assertThat(count("contact_sync_source_state WHERE gone_at IS NOT NULL")).isZero();
		Capture accepting = new Capture(this.jdbcTemplate,
				new SourceProperties("crm_customer", "external_id", Map.of(), 0.2, true));
		CaptureCounts counts = Capture.transaction(this.transactionManager)
			.execute((status) -> accepting.capture(null, false));
		assertThat(counts.goneRows()).isEqualTo(3);
	}

	@Test
	void restartingARunWhoseSyncFailedDoesNotCaptureAgain() {
		source("c1", "first", null, null, null);
		sandbox.faults((call) -> TestDustessSandbox.Fault.HTTP_500);
		RunResult failed = this.syncRunner.run(DATE);
		assertThat(failed.kind()).isEqualTo(RunResult.Kind.FAILED);
		sandbox.faults((call) -> null);
		this.jdbcTemplate.update("UPDATE crm_customer SET remark = 'edited after the capture'");
		RunResult resumed = this.syncRunner.run(DATE);
		assertThat(resumed.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(count("contact_sync_capture")).isEqualTo(1);
		assertThat(fieldsOf(sent(), "c1").get("remark").asString()).isEqualTo("first");
	}

	@Test
	void theDryRunCountsWhatTheCaptureThenFindsAndWritesNothing() {
		source("c1", "first", null, 30, null);
		source("c2", "second", null, null, null);
		run();
		this.jdbcTemplate.update("UPDATE crm_customer SET remark = 'edited' WHERE external_id = 'c1'");
		source("c3", "third", "c3@example.com", null, null);
		CaptureCounts preview = this.capture.preview();
		assertThat(count("contact_change")).isEqualTo(2);
		CaptureCounts captured = Capture.transaction(this.transactionManager)
			.execute((status) -> this.capture.capture(null, false));
		assertThat(preview).isEqualTo(captured);
		assertThat(preview.newRows()).isEqualTo(1);
		assertThat(preview.changedRows()).isEqualTo(1);
		assertThat(preview.unchangedRows()).isEqualTo(1);
		assertThat(preview.fields()).containsEntry("remark", 2L).containsEntry("email", 1L).containsEntry("age", 0L);
	}

	@Test
	void aBaselineSendsNothingAndThenOnlyAnEditIsSent() {
		source("c1", "first", "c1@example.com", 30, null);
		source("c2", "second", null, null, null);
		Capture.transaction(this.transactionManager).execute((status) -> this.capture.capture(null, true));
		assertThat(count("contact_change")).isZero();
		assertThat(lastCapture()).containsEntry("kind", "BASELINE").containsEntry("new_rows", 2L);
		this.jdbcTemplate.update("UPDATE crm_customer SET age = 31 WHERE external_id = 'c1'");
		run();
		assertThat(sent()).hasSize(1);
		assertThat(fieldsOf(sent(), "c1")).containsOnlyKeys("external_id", "age");
	}

	@Test
	void resyncSendsTheChosenKeysWholeOnTheNextRun() {
		source("c1", "first", "c1@example.com", 30, null);
		source("c2", "second", null, null, null);
		run();
		sandbox.forgetReceivedCalls();
		Capture.transaction(this.transactionManager).execute((status) -> this.capture.resync(List.of("c1")));
		assertThat(lastCapture()).containsEntry("kind", "RESYNC").containsEntry("resync_rows", 1L);
		run();
		assertThat(sent()).hasSize(1);
		assertThat(fieldsOf(sent(), "c1")).containsOnlyKeys("external_id", "remark", "email", "age");
	}

	@Test
	void aRowWithAValueTooLongIsRejectedWithTheReasonAndTheOthersGoOut() {
		source("c1", "first", null, null, null);
		source("c2", "x".repeat(300), null, null, null);
		assertThat(run().kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(sent()).hasSize(1);
		assertThat(fieldsOf(sent(), "c1")).containsOnlyKeys("external_id", "remark");
		assertThat(this.jdbcTemplate
			.queryForMap("SELECT sync_state, last_message FROM contact_change WHERE external_id = 'c2'"))
			.containsValues("REJECTED",
					"remark is longer than 255 characters at the source (crm_customer): not captured; fix the row, "
							+ "the next capture takes it");
		assertThat(lastCapture()).containsEntry("rejected_rows", 1L).containsEntry("new_rows", 2L);
		sandbox.forgetReceivedCalls();
		this.jdbcTemplate.update("UPDATE crm_customer SET remark = 'fixed' WHERE external_id = 'c2'");
		run();
		assertThat(fieldsOf(sent(), "c2")).containsOnlyKeys("external_id", "remark");
	}

	@Test
	void unknownColumnsAreRefusedWithTheirNames() {
		this.jdbcTemplate
			.execute("CREATE TABLE IF NOT EXISTS crm_wrong (external_id VARCHAR(20), nickname VARCHAR(20), "
					+ "phone VARCHAR(20))");
		Capture wrong = new Capture(this.jdbcTemplate,
				new SourceProperties("crm_wrong", "external_id", Map.of(), 0.2, false));
		org.assertj.core.api.Assertions.assertThatExceptionOfType(SourceRefusedException.class)
			.isThrownBy(wrong::preview)
			.withMessageContaining("unknown columns nickname, phone");
	}

	RunResult run() {
		return this.syncRunner.run(DATE.plusDays(this.day++));
	}

	void source(String key, String remark, String email, Integer age, String mobiles) {
		this.jdbcTemplate
			.update("INSERT INTO crm_customer (external_id, remark, email, age, mobiles) VALUES (?, ?, ?, ?, "
					+ ((mobiles != null) ? json("?") : "?") + ")", key, remark, email, age, mobiles);
	}

	/** A JSON value of this database's list columns, from SQL text. */
	abstract String json(String sql);

	long count(String table) {
		return this.jdbcTemplate.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
	}

	Map<String, Object> lastCapture() {
		Map<String, Object> row = new java.util.LinkedHashMap<>();
		this.jdbcTemplate
			.queryForMap("SELECT * FROM contact_sync_capture ORDER BY capture_id DESC FETCH FIRST 1 ROWS ONLY")
			.forEach((column, value) -> row.put(column.toLowerCase(java.util.Locale.ROOT),
					(value instanceof Number number && !(value instanceof Double)) ? number.longValue() : value));
		return row;
	}

	static List<JsonNode> sent() {
		List<JsonNode> entries = new ArrayList<>();
		sandbox.receivedCalls().forEach(entries::addAll);
		return entries;
	}

	static Map<String, JsonNode> fieldsOf(List<JsonNode> entries, String externalId) {
		Map<String, JsonNode> fields = new java.util.TreeMap<>();
		entries.stream()
			.filter((entry) -> externalId.equals(entry.path("external_id").asString(null)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no entry for " + externalId + " in " + entries))
			.properties()
			.forEach((field) -> fields.put(field.getKey(), field.getValue()));
		return fields;
	}

}
