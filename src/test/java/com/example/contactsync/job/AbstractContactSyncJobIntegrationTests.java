package com.example.contactsync.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.test.JobRepositoryTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.example.contactsync.operations.RunResult;
import com.example.contactsync.operations.SyncRunner;
import com.example.contactsync.sandbox.DustessSandbox;
import com.example.contactsync.sandbox.DustessSandbox.Fault;
import com.example.contactsync.support.ContactChanges;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole job against a real local HTTP server (the sandbox) and a real database; the
 * subclasses choose the database. Chunks of 2 make every case span several calls.
 */
@SpringBootTest(properties = { "contact-sync.chunk-size=2", "dustess.access-token=" + AbstractContactSyncJobIntegrationTests.TOKEN,
		"dustess.retry.max-attempts=3", "dustess.retry.initial-delay=10ms", "dustess.retry.jitter=0ms",
		"dustess.rate-limit.calls-per-second=1000" })
@SpringBatchTest
abstract class AbstractContactSyncJobIntegrationTests {

	static final String TOKEN = "integration-test-token";

	static final DustessSandbox sandbox = startSandbox();

	private static final LocalDate DATE = LocalDate.of(2026, 11, 25);

	@Autowired
	SyncRunner syncRunner;

	@Autowired
	JobRepository jobRepository;

	@Autowired
	JobRepositoryTestUtils jobRepositoryTestUtils;

	@Autowired
	JdbcTemplate jdbcTemplate;

	ContactChanges changes;

	@DynamicPropertySource
	static void dustessApi(DynamicPropertyRegistry registry) {
		registry.add("dustess.base-url", () -> sandbox.baseUrl().toString());
	}

	@BeforeEach
	void cleanUp() {
		this.jobRepositoryTestUtils.removeJobExecutions();
		this.changes = new ContactChanges(this.jdbcTemplate);
		this.changes.deleteAll();
		sandbox.reset();
	}

	@AfterAll
	static void stopSandbox() {
		sandbox.reset();
	}

	@Test
	void runWhenAllSucceedThenEveryChangeSyncedWithOneCallPerChunk() {
		List<Long> ids = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			ids.add(this.changes.insertValid("crm-" + i));
		}

		RunResult result = this.syncRunner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(sandbox.receivedCalls()).extracting(List::size).containsExactly(2, 2, 1);
		assertThat(sentExternalIds()).containsExactly("crm-1", "crm-2", "crm-3", "crm-4", "crm-5");
		for (long id : ids) {
			assertThat(this.changes.state(id)).isEqualTo("SYNCED");
			Map<String, Object> row = this.changes.row(id);
			assertThat(row.get("attempts")).isEqualTo(1);
			assertThat(row.get("synced_at")).isNotNull();
			assertThat(this.changes.outcomes(id)).singleElement().satisfies((outcome) -> {
				assertThat(outcome.get("outcome")).isEqualTo("SUCCEEDED");
				assertThat(outcome.get("contact_id")).asString().hasSize(36);
				assertThat(outcome.get("call_id")).isNotNull();
				assertThat(outcome.get("job_execution_id")).isEqualTo(result.run().executionId());
			});
		}
		assertThat(result.run()).satisfies((run) -> {
			assertThat(run.status()).isEqualTo("COMPLETED");
			assertThat(run.calls()).isEqualTo(3);
			assertThat(run.succeeded()).isEqualTo(5);
			assertThat(run.items()).isEqualTo(5);
		});
		// the request index is the 1-based position within each call
		assertThat(this.jdbcTemplate.queryForList("SELECT request_index FROM sync_outcome ORDER BY change_id",
				Integer.class)).containsExactly(1, 2, 1, 2, 1);
	}

	@Test
	void runWhenSomeItemsFailThenEachIndexRecordedAndRestOfChunkSynced() {
		long ok1 = this.changes.insertValid("crm-1");
		long ghost = this.changes.insertUnknownContact("legacy-42");
		long ok2 = this.changes.insertValid("crm-2");

		RunResult result = this.syncRunner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(this.changes.state(ok1)).isEqualTo("SYNCED");
		assertThat(this.changes.state(ok2)).isEqualTo("SYNCED");
		assertThat(this.changes.state(ghost)).isEqualTo("FAILED");
		Map<String, Object> failed = this.changes.row(ghost);
		assertThat(failed.get("last_code")).isEqualTo(13001);
		assertThat(failed.get("last_message")).isEqualTo("customer not found");
		assertThat(failed.get("attempts")).isEqualTo(1);
		assertThat(failed.get("synced_at")).isNull();
		assertThat(this.changes.outcomes(ghost)).singleElement().satisfies((outcome) -> {
			assertThat(outcome.get("outcome")).isEqualTo("FAILED");
			assertThat(outcome.get("code")).isEqualTo(13001);
			assertThat(outcome.get("request_index")).isEqualTo(2);
			assertThat(outcome.get("contact_id")).isNull();
		});
		assertThat(result.run().failed()).isEqualTo(1);
		assertThat(result.run().succeeded()).isEqualTo(2);
	}

	@Test
	void runWhenAllItemsFailThenAllFailedAndRunCompletes() {
		long a = this.changes.insertUnknownContact("legacy-1");
		long b = this.changes.insert(Map.of("external_id", "crm-9", "mobiles", "[{\"tel\":\"12-34\",\"type\":\"mobile\"}]"));
		long c = this.changes.insertUnknownContact("legacy-3");

		RunResult result = this.syncRunner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(List.of(a, b, c)).allSatisfy((id) -> assertThat(this.changes.state(id)).isEqualTo("FAILED"));
		assertThat(this.changes.row(b).get("last_code")).isEqualTo(13000);
		assertThat(this.changes.row(b).get("last_message")).isEqualTo("invalid mobile");
		assertThat(result.run().failed()).isEqualTo(3);
		assertThat(result.run().calls()).isEqualTo(2);
	}

	@Test
	void runWhenRowsCannotBeSentThenRejectedWithReasonAndRestOfChunkSent() {
		long ok1 = this.changes.insertValid("crm-1");
		long badGender = this.changes.insert(Map.of("external_id", "crm-2", "gender", 7));
		long badJson = this.changes.insert(Map.of("external_id", "crm-3", "tags", this.changes.isPostgres() ? "{\"a\":1}" : "[\"a\","));
		long ok2 = this.changes.insertValid("crm-4");
		long noId = this.changes.insert(Map.of("customer_id", "", "remark", "nobody"));

		RunResult result = this.syncRunner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(sentExternalIds()).containsExactly("crm-1", "crm-4");
		assertThat(this.changes.state(ok1)).isEqualTo("SYNCED");
		assertThat(this.changes.state(ok2)).isEqualTo("SYNCED");
		assertThat(this.changes.row(badGender)).containsEntry("sync_state", "REJECTED")
			.containsEntry("last_message", "gender must be 0 (unknown), 1 (male) or 2 (female), was 7")
			.containsEntry("attempts", 0);
		assertThat((String) this.changes.row(badJson).get("last_message")).startsWith("tags ");
		assertThat(this.changes.state(noId)).isEqualTo("REJECTED");
		assertThat(this.changes.outcomes(badGender)).singleElement().satisfies((outcome) -> {
			assertThat(outcome.get("outcome")).isEqualTo("REJECTED");
			assertThat(outcome.get("call_id")).isNull();
			assertThat(outcome.get("request_index")).isNull();
		});
		assertThat(result.run().rejected()).isEqualTo(3);
		// chunk 3 held only a rejected row: no call for it
		assertThat(result.run().calls()).isEqualTo(2);
	}

	@Test
	void runWhenApiFailsOnThirdCallThenFailsAfterTwoChunksAndSameDateResumesAtChunkThree() {
		List<Long> ids = new ArrayList<>();
		for (int i = 1; i <= 9; i++) {
			ids.add(this.changes.insertValid("crm-" + i));
		}
		// the third call fails, and so do its retries
		sandbox.faults((call) -> (call >= 3) ? Fault.HTTP_500 : null);

		RunResult first = this.syncRunner.run(DATE);

		assertThat(first.kind()).isEqualTo(RunResult.Kind.FAILED);
		assertThat(first.message()).contains("failed 3 times").contains("HTTP 500").contains("run the same command again");
		assertThat(sandbox.calls()).isEqualTo(2 + 3);
		assertThat(first.run().status()).isEqualTo("FAILED");
		assertThat(sentExternalIds()).containsExactly("crm-1", "crm-2", "crm-3", "crm-4");
		assertThat(ids.subList(0, 4)).allSatisfy((id) -> assertThat(this.changes.state(id)).isEqualTo("SYNCED"));
		assertThat(ids.subList(4, 9)).allSatisfy((id) -> {
			assertThat(this.changes.state(id)).isEqualTo("PENDING");
			assertThat(this.changes.row(id).get("attempts")).isEqualTo(0);
			assertThat(this.changes.outcomes(id)).isEmpty();
		});
		JobExecution failed = this.jobRepository.getJobExecution(first.run().executionId());
		assertThat(failed.getStepExecutions()).singleElement().satisfies((step) -> {
			assertThat(step.getCommitCount()).isEqualTo(2);
			assertThat(step.getWriteCount()).isEqualTo(4);
		});
		// a change written after the first launch is beyond this run's bound
		long late = this.changes.insertValid("crm-late");
		sandbox.faults((call) -> null);
		int callsBefore = sandbox.receivedCalls().size();

		RunResult second = this.syncRunner.run(DATE);

		assertThat(second.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(second.run().instanceId()).isEqualTo(first.run().instanceId());
		assertThat(sandbox.receivedCalls().subList(callsBefore, sandbox.receivedCalls().size()).get(0))
			.extracting((entry) -> entry.get("external_id").asString())
			.containsExactly("crm-5", "crm-6");
		assertThat(sentExternalIds()).containsExactly("crm-1", "crm-2", "crm-3", "crm-4", "crm-5", "crm-6", "crm-7",
				"crm-8", "crm-9");
		assertThat(ids).allSatisfy((id) -> {
			assertThat(this.changes.state(id)).isEqualTo("SYNCED");
			assertThat(this.changes.outcomes(id)).hasSize(1);
		});
		assertThat(this.changes.count("SELECT COUNT(*) FROM sync_outcome")).isEqualTo(9);
		assertThat(this.changes.state(late)).isEqualTo("PENDING");
		assertThat(first.run().succeeded() + second.run().succeeded()).isEqualTo(9);

		RunResult third = this.syncRunner.run(DATE);

		assertThat(third.kind()).isEqualTo(RunResult.Kind.ALREADY_COMPLETED);
		assertThat(this.changes.state(late)).isEqualTo("PENDING");
	}

	@Test
	void runWhenCallFailsAsAWholeThenNothingOfTheChunkIsMarked() {
		long a = this.changes.insertValid("crm-1");
		long b = this.changes.insertValid("crm-2");
		sandbox.faults((call) -> Fault.API_ERROR);

		RunResult result = this.syncRunner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.FAILED);
		assertThat(result.message()).contains("code=500").contains("system busy");
		assertThat(this.changes.state(a)).isEqualTo("PENDING");
		assertThat(this.changes.state(b)).isEqualTo("PENDING");
		assertThat(this.changes.count("SELECT COUNT(*) FROM sync_outcome")).isZero();
		assertThat(this.jobRepository.getJobExecution(result.run().executionId()).getStatus()).isEqualTo(BatchStatus.FAILED);
	}

	@Test
	void runWhenNothingPendingThenCompletesWithoutCalls() {
		RunResult result = this.syncRunner.run(DATE);
		assertThat(result.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(sandbox.calls()).isZero();
		assertThat(result.run().items()).isZero();
	}

	private List<String> sentExternalIds() {
		List<String> ids = new ArrayList<>();
		for (List<JsonNode> call : sandbox.receivedCalls()) {
			for (JsonNode entry : call) {
				ids.add(entry.get("external_id").asString());
			}
		}
		return ids;
	}

	private static DustessSandbox startSandbox() {
		try {
			return DustessSandbox.start(0, TOKEN, JsonMapper.builder().build());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
