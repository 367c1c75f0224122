package com.example.contactsync.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

import com.example.contactsync.operations.RunResult;
import com.example.contactsync.sandbox.TestDustessSandbox.Fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The job's behaviour: what each change becomes, how calls are batched, failures,
 * restarts, merging a contact's changes and the dry run.
 */
abstract class AbstractContactSyncJobIntegrationTests extends AbstractSyncIntegrationTests {

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
				Integer.class))
			.containsExactly(1, 2, 1, 2, 1);
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
		long b = this.changes
			.insert(Map.of("external_id", "crm-9", "mobiles", "[{\"tel\":\"12-34\",\"type\":\"mobile\"}]"));
		long c = this.changes.insertUnknownContact("legacy-3");

		RunResult result = this.syncRunner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(this.changes.state(a)).isEqualTo("FAILED");
		assertThat(this.changes.state(c)).isEqualTo("FAILED");
		// 13000 is configured as permanent: no later run will try it again
		assertThat(this.changes.state(b)).isEqualTo("EXHAUSTED");
		assertThat(this.changes.row(b).get("last_code")).isEqualTo(13000);
		assertThat(this.changes.row(b).get("last_message")).isEqualTo("invalid mobile");
		assertThat(result.run().failed()).isEqualTo(3);
		assertThat(result.run().calls()).isEqualTo(2);
	}

	@Test
	void runWhenRowsCannotBeSentThenRejectedWithReasonAndRestOfChunkSent() {
		long ok1 = this.changes.insertValid("crm-1");
		long badGender = this.changes.insert(Map.of("external_id", "crm-2", "gender", 7));
		long badJson = this.changes
			.insert(Map.of("external_id", "crm-3", "tags", this.changes.isPostgres() ? "{\"a\":1}" : "[\"a\","));
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
		assertThat(first.message()).contains("failed 3 times")
			.contains("HTTP 500")
			.contains("run the same command again");
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
		// the manager step and its one partition, which did the work; the manager sums it
		assertThat(failed.getStepExecutions()).extracting(StepExecution::getStepName)
			.containsExactlyInAnyOrder("syncContactChanges", "syncContactChangesPartition:partition0of1");
		assertThat(failed.getStepExecutions()).allSatisfy((step) -> {
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
		assertThat(this.jobRepository.getJobExecution(result.run().executionId()).getStatus())
			.isEqualTo(BatchStatus.FAILED);
	}

	@Test
	void runWhenNothingPendingThenCompletesWithoutCalls() {
		RunResult result = this.syncRunner.run(DATE);
		assertThat(result.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(sandbox.calls()).isZero();
		assertThat(result.run().items()).isZero();
	}

	@Test
	void runWhenTransientFaultsThenRetriedAndFinalTablesEqualThoseOfAFaultFreeRun() {
		insertMixedChanges();
		this.syncRunner.run(DATE);
		List<Map<String, Object>> faultFree = snapshot();
		assertThat(faultFree).isNotEmpty();

		removeRunsAndChanges();
		cleanUp();
		insertMixedChanges();
		Fault[] sequence = { Fault.HTTP_500, Fault.HTTP_500, null, Fault.HTTP_429, Fault.TIMEOUT, null,
				Fault.GARBAGE_200, null, Fault.EMPTY_200, Fault.HTML_200, null };
		sandbox.faults((call) -> (call <= sequence.length) ? sequence[call - 1] : null);

		RunResult result = this.syncRunner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(sandbox.calls()).isEqualTo(sequence.length);
		assertThat(snapshot()).isEqualTo(faultFree);
	}

	@Test
	void runWhenAContactHasSeveralChangesThenOneMergedEntryLaterFieldsWin() {
		long first = this.changes
			.insert(Map.of("external_id", "crm-A", "remark", "old name", "email", "a@example.com", "tags", "[\"t1\"]"));
		long other = this.changes.insertValid("crm-B");
		long middle = this.changes.insertValid("crm-C");
		long second = this.changes.insert(Map.of("external_id", "crm-A", "remark", "new name", "position", "CTO"));
		long third = this.changes.insert(
				Map.of("customer_id", "d3e83957-175a-11eb-b365-111111111111", "external_id", "crm-A", "tags", "[]"));

		RunResult result = this.syncRunner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		List<JsonNode> firstCall = sandbox.receivedCalls().get(0);
		assertThat(firstCall).hasSize(2);
		JsonNode merged = firstCall.get(0);
		assertThat(merged.get("external_id").asString()).isEqualTo("crm-A");
		assertThat(merged.get("id").asString()).isEqualTo("d3e83957-175a-11eb-b365-111111111111");
		assertThat(merged.get("remark").asString()).isEqualTo("new name");
		assertThat(merged.get("email").asString()).isEqualTo("a@example.com");
		assertThat(merged.get("position").asString()).isEqualTo("CTO");
		assertThat(merged.get("tags")).isEmpty();
		assertThat(sentExternalIds()).containsExactly("crm-A", "crm-B", "crm-C");
		for (long id : List.of(first, second, third)) {
			assertThat(this.changes.state(id)).isEqualTo("SYNCED");
			assertThat(this.changes.outcomes(id)).singleElement().satisfies((outcome) -> {
				assertThat(outcome.get("request_index")).isEqualTo(1);
				assertThat(outcome.get("outcome")).isEqualTo("SUCCEEDED");
			});
		}
		assertThat(this.changes.outcomes(first).get(0).get("call_id"))
			.isEqualTo(this.changes.outcomes(third).get(0).get("call_id"));
		assertThat(this.changes.state(other)).isEqualTo("SYNCED");
		assertThat(this.changes.state(middle)).isEqualTo("SYNCED");
		assertThat(result.run().items()).isEqualTo(5);
	}

	@Test
	void runWhenContactChangesCannotBeMergedThenAllOfThemRejectedAndRestOfChunkSent() {
		long conflictA = this.changes
			.insert(Map.of("external_id", "crm-X", "customer_id", "d3e83957-175a-11eb-b365-000000000001"));
		long ok = this.changes.insertValid("crm-ok");
		long conflictB = this.changes
			.insert(Map.of("external_id", "crm-X", "customer_id", "d3e83957-175a-11eb-b365-000000000002"));
		long badSibling = this.changes.insert(Map.of("external_id", "crm-Y", "gender", 9));
		long goodSibling = this.changes.insert(Map.of("external_id", "crm-Y", "remark", "fine"));

		RunResult result = this.syncRunner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(sentExternalIds()).containsExactly("crm-ok");
		assertThat(this.changes.state(ok)).isEqualTo("SYNCED");
		assertThat((String) this.changes.row(conflictA).get("last_message")).isEqualTo("cannot merge changes "
				+ conflictA + ", " + conflictB + " of one contact: they name different customer_id values");
		assertThat(this.changes.state(conflictB)).isEqualTo("REJECTED");
		assertThat((String) this.changes.row(badSibling).get("last_message")).startsWith("gender must be");
		assertThat((String) this.changes.row(goodSibling).get("last_message")).isEqualTo("not sent: change "
				+ badSibling + " of the same contact was rejected; fix it and requeue this contact's changes together");
		assertThat(result.run().rejected()).isEqualTo(4);
	}

	@Test
	void failedChangesAreTriedAgainByLaterRunsUntilMaxAttemptsThenExhausted() {
		long ghost = this.changes.insertUnknownContact("legacy-7");

		assertThat(this.syncRunner.run(DATE).kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(this.changes.row(ghost)).containsEntry("sync_state", "FAILED").containsEntry("attempts", 1);

		assertThat(this.syncRunner.run(DATE).kind()).isEqualTo(RunResult.Kind.ALREADY_COMPLETED);
		assertThat(this.changes.row(ghost)).containsEntry("attempts", 1);

		assertThat(this.syncRunner.run(DATE.plusDays(1)).kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(this.changes.row(ghost)).containsEntry("sync_state", "EXHAUSTED")
			.containsEntry("attempts", 2)
			.containsEntry("last_code", 13001);

		RunResult third = this.syncRunner.run(DATE.plusDays(2));
		assertThat(third.run().items()).isZero();
		assertThat(this.changes.outcomes(ghost)).extracting((row) -> row.get("outcome"))
			.containsExactly("FAILED", "FAILED");
		assertThat(sandbox.receivedCalls()).hasSize(2);
	}

	@Test
	void restartDoesNotRetryWhatTheSameRunAlreadyTried() {
		long ghost = this.changes.insertUnknownContact("legacy-8");
		this.changes.insertValid("crm-1");
		this.changes.insertValid("crm-2");
		sandbox.faults((call) -> (call >= 2) ? Fault.HTTP_500 : null);

		assertThat(this.syncRunner.run(DATE).kind()).isEqualTo(RunResult.Kind.FAILED);
		assertThat(this.changes.row(ghost)).containsEntry("sync_state", "FAILED").containsEntry("attempts", 1);
		sandbox.faults((call) -> null);

		assertThat(this.syncRunner.run(DATE).kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(this.changes.row(ghost)).containsEntry("attempts", 1);
		assertThat(this.changes.outcomes(ghost)).hasSize(1);
	}

	@ParameterizedTest(name = "{0} = {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '\'',
			textBlock = """
					customer_id   | ''                                                  | neither customer_id nor external_id is set: Dustess needs one of them
					mobiles       | [{"tel":"1380000"                                   | mobiles is not valid JSON (line 1, column 18)
					custom_fields | [{"id":                                             | custom_fields is not valid JSON (line 1, column 8)
					tags          | ["a",                                               | tags is not valid JSON (line 1, column 6)
					share_uids    | [                                                   | share_uids is not valid JSON (line 1, column 2)
					mobiles       | {"tel":"13800000000","type":"mobile"}               | mobiles must be a JSON array, was object
					tags          | [{"id":"t1"}]                                       | tags[0] must be a non-empty string, was object
					gender        | 3                                                   | gender must be 0 (unknown), 1 (male) or 2 (female), was 3
					age           | -1                                                  | age must be between 0 and 150, was -1
					education     | 08                                                  | education must be a code from 01 to 07
					custom_fields | [{"id":"f","type":"file","files_value":[{"name":"a","url":"u","file_type":"pdf"},{"name":"a","url":"u","file_type":"pdf"},{"name":"a","url":"u","file_type":"pdf"},{"name":"a","url":"u","file_type":"pdf"},{"name":"a","url":"u","file_type":"pdf"},{"name":"a","url":"u","file_type":"pdf"}]}] | custom_fields[0].files_value has 6 files; at most 5 are allowed
					custom_fields | [{"id":"f","type":"file","files_value":[{"name":"a","url":"u","file_type":"zip"}]}] | custom_fields[0].files_value[0].file_type must be one of [audio, image, other, pdf, presentationml, spreadsheetml, text, video, word]
					custom_fields | [{"type":"text","string_value":"x"}]                | custom_fields[0].id is required
					custom_fields | [{"id":"f","type":"radio","array_value":["x"]}]     | custom_fields[0] of type 'radio' must use string_value, not array_value
					prov_city     | 四川省-成都市-武侯区-某街道                              | prov_city has 4 parts; at most 3 (province, city, district) are allowed
					remark        | 'bell\u0007'                                       | remark contains the control character U+0007 at position 5
					custom_fields | [{"id":"cf","type":"number","float_value":1e400}]   | custom_fields[0].float_value cannot be sent as a Float64: it is too large or too small
					""")
	void runWhenRowCannotBeSentThenExactlyThatRowRejectedAndRestOfChunkSent(String column, String value,
			String reason) {
		Object columnValue = switch (column) {
			case "gender", "age" -> Integer.valueOf(value);
			case "remark" -> value.replace("\\u0007", "\u0007");
			default -> value;
		};
		java.util.Map<String, Object> row = new java.util.HashMap<>(Map.of(column, columnValue));
		if (!column.equals("customer_id")) {
			row.put("external_id", "crm-bad");
		}
		long good1 = this.changes.insertValid("crm-1");
		if (this.changes.isPostgres() && reason.contains("is not valid JSON")) {
			// jsonb refuses it at the door: the upstream writer gets the error and
			// nothing is stored
			assertThatExceptionOfType(org.springframework.dao.DataAccessException.class)
				.isThrownBy(() -> this.changes.insert(row));
			this.syncRunner.run(DATE);
			assertThat(this.changes.state(good1)).isEqualTo("SYNCED");
			return;
		}
		long bad = this.changes.insert(row);
		long good2 = this.changes.insertValid("crm-2");

		RunResult result = this.syncRunner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(this.changes.row(bad)).containsEntry("sync_state", "REJECTED")
			.containsEntry("last_message", reason)
			.containsEntry("attempts", 0);
		assertThat(this.changes.outcomes(bad)).singleElement()
			.satisfies(
					(outcome) -> assertThat(outcome).containsEntry("outcome", "REJECTED").containsEntry("msg", reason));
		assertThat(this.changes.state(good1)).isEqualTo("SYNCED");
		assertThat(this.changes.state(good2)).isEqualTo("SYNCED");
		assertThat(sentExternalIds()).containsExactly("crm-1", "crm-2");
	}

	@Test
	void runWhenAnswerLacksAnIndexThenThatChangeUnknownAndNotSynced() {
		long first = this.changes.insertValid("crm-1");
		long second = this.changes.insertValid("crm-2");
		sandbox.faults((call) -> Fault.MISSING_LAST_INDEX);

		RunResult result = this.syncRunner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(this.changes.state(first)).isEqualTo("SYNCED");
		assertThat(this.changes.row(second)).containsEntry("sync_state", "UNKNOWN")
			.containsEntry("last_message", "the answer has no result for index 2");
		assertThat(result.run().unknown()).isEqualTo(1);
	}

	@Test
	void runWhenAnswerRepeatsAnIndexThenThatChangeUnknownAndNotSynced() {
		long first = this.changes.insertValid("crm-1");
		long second = this.changes.insertValid("crm-2");
		sandbox.faults((call) -> Fault.REPEATED_FIRST_INDEX);

		this.syncRunner.run(DATE);

		assertThat(this.changes.row(first)).containsEntry("sync_state", "UNKNOWN")
			.containsEntry("last_message", "the answer has 2 results for index 1");
		assertThat(this.changes.state(second)).isEqualTo("SYNCED");
	}

	@Test
	void runWhenApiTimesOutThenFailsAndNoTableHoldsTheToken() {
		long change = this.changes.insertValid("crm-1");
		sandbox.faults((call) -> Fault.TIMEOUT);

		RunResult result = this.syncRunner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.FAILED);
		assertThat(result.message()).contains("failed 3 times").contains("timed out");
		assertThat(this.changes.state(change)).isEqualTo("PENDING");
		// ops read the cause in the run's exit message, not a cut-off stack trace
		assertThat(this.jdbcTemplate.queryForObject("SELECT exit_message FROM contact_sync_run", String.class))
			.isEqualTo(
					"batchEditCustomer failed 3 times; last: batchEditCustomer call timed out: no answer within dustess.read-timeout");
		StringBuilder everything = new StringBuilder();
		for (String table : List.of("batch_job_execution", "batch_step_execution", "batch_job_execution_context",
				"batch_step_execution_context", "batch_job_execution_params", "contact_change", "sync_outcome")) {
			for (Map<String, Object> row : this.jdbcTemplate.queryForList("SELECT * FROM " + table)) {
				everything.append(row).append('\n');
			}
		}
		assertThat(everything.toString()).contains("batchEditCustomer")
			.doesNotContain(TOKEN)
			.doesNotContain("accessToken=");
	}

	@Test
	void runWhenAnswerIsNeverTheDocumentedJsonThenFailsWithNothingMarked() {
		long change = this.changes.insertValid("crm-1");
		sandbox.faults((call) -> Fault.HTML_200);

		RunResult result = this.syncRunner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.FAILED);
		assertThat(result.message()).contains("failed 3 times").contains("not the documented JSON");
		assertThat(this.changes.state(change)).isEqualTo("PENDING");
		assertThat(this.changes.count("SELECT COUNT(*) FROM sync_outcome")).isZero();
	}

	@Test
	void runWhenAChainOfAlternatingIdsLinksThirtyChangesThenOnlyTheChainIsRejectedAndTheRunCompletes() {
		long before = this.changes.insertValid("crm-before");
		List<Long> chain = new ArrayList<>();
		for (int i = 1; i <= 30; i++) {
			// change i names customer_id c(i/2) and external_id e((i+1)/2): each links to
			// the next
			chain.add(this.changes.insert(Map.of("customer_id", "c" + (i / 2), "external_id", "e" + ((i + 1) / 2))));
		}
		long after = this.changes.insertValid("crm-after");

		RunResult result = this.syncRunner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(this.changes.state(before)).isEqualTo("SYNCED");
		assertThat(this.changes.state(after)).isEqualTo("SYNCED");
		assertThat(chain).allSatisfy((id) -> assertThat(this.changes.row(id)).containsEntry("sync_state", "REJECTED")
			.hasEntrySatisfying("last_message",
					(message) -> assertThat((String) message)
						.startsWith("cannot merge changes " + chain.get(0) + ", " + chain.get(1) + ", ")
						.endsWith(" of one contact: they name different customer_id values")));
		assertThat(sentExternalIds()).containsExactly("crm-before", "crm-after");
		assertThat(this.syncRunner.run(DATE.plusDays(1)).run().items()).isZero();
	}

	@Test
	void runWhenCustomerIdIsBlankThenTheExternalIdIdentifiesAndIdsWithSpacesAreRejected() {
		long empty = this.changes.insert(Map.of("customer_id", "", "external_id", "crm-1"));
		long blank = this.changes.insert(Map.of("customer_id", "   ", "external_id", "crm-2"));
		long spaced = this.changes.insert(Map.of("customer_id", " abc ", "external_id", "crm-3"));

		this.syncRunner.run(DATE);

		assertThat(this.changes.state(empty)).isEqualTo("SYNCED");
		assertThat(this.changes.state(blank)).isEqualTo("SYNCED");
		assertThat(sandbox.receivedCalls()).singleElement()
			.satisfies((call) -> assertThat(call).allSatisfy((entry) -> assertThat(entry.has("id")).isFalse()));
		assertThat(this.changes.row(spaced)).containsEntry("sync_state", "REJECTED")
			.containsEntry("last_message", "customer_id has leading or trailing white space");
	}

	@Test
	void runWhenBirthdayIsNoPlausibleDateThenThatRowRejectedAndTheRestSent() {
		List<String> dates = this.changes.isPostgres() ? List.of("infinity", "-infinity", "0044-03-15 BC", "1850-01-01")
				: List.of("-0043-03-15", "1850-01-01", "+10000-01-01");
		long good = this.changes.insertValid("crm-good");
		List<Long> bad = new ArrayList<>();
		for (String date : dates) {
			this.jdbcTemplate.update("INSERT INTO contact_change (external_id, birthday) VALUES (?, CAST(? AS DATE))",
					"crm-" + date, date);
			bad.add(this.jdbcTemplate.queryForObject("SELECT MAX(change_id) FROM contact_change", Long.class));
		}

		RunResult result = this.syncRunner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(this.changes.state(good)).isEqualTo("SYNCED");
		assertThat(bad).allSatisfy((id) -> assertThat(this.changes.row(id)).containsEntry("sync_state", "REJECTED")
			.hasEntrySatisfying("last_message", (message) -> assertThat((String) message)
				.startsWith("birthday must lie within the last 150 years and not in the future")));
		assertThat(sentExternalIds()).containsExactly("crm-good");
	}

	@Test
	void dryRunPlansExactlyWhatTheRunThenDoesAndWritesNothing() {
		insertMixedChanges();
		// a contact whose later change sits two chunks further on, and a rejected
		// contact's sibling
		this.changes.insert(Map.of("external_id", "crm-5", "remark", "later"));
		this.changes.insert(Map.of("external_id", "crm-3", "remark", "sibling of a rejected change"));
		List<Map<String, Object>> before = snapshot();
		int batchRows = this.changes.count("SELECT COUNT(*) FROM batch_step_execution");

		DryRun.Plan plan = this.dryRun.run(DATE);

		assertThat(snapshot()).isEqualTo(before);
		assertThat(this.changes.count("SELECT COUNT(*) FROM batch_step_execution")).isEqualTo(batchRows);
		assertThat(sandbox.calls()).isZero();

		RunResult result = this.syncRunner.run(DATE);

		assertThat(plan.changes()).isEqualTo(result.run().items()).isEqualTo(11);
		assertThat(plan.calls()).isEqualTo(result.run().calls()).isEqualTo(sandbox.calls());
		assertThat(plan.rejected()).isEqualTo(result.run().rejected()).isEqualTo(2);
		assertThat(plan.entries()).isEqualTo(this.changes.count(
				"SELECT COUNT(*) FROM (SELECT DISTINCT call_id, request_index FROM sync_outcome WHERE call_id IS NOT NULL) e"));
		assertThat(plan.rejections()).extracting(DryRun.Rejection::reason)
			.containsExactlyInAnyOrderElementsOf(this.jdbcTemplate
				.queryForList("SELECT msg FROM sync_outcome WHERE outcome = 'REJECTED'", String.class));
	}

	private void insertMixedChanges() {
		this.changes.insertValid("crm-1");
		this.changes.insertUnknownContact("legacy-2");
		this.changes.insert(Map.of("external_id", "crm-3", "gender", 5));
		this.changes.insert(Map.of("external_id", "crm-4", "mobiles", "[{\"tel\":\"x\",\"type\":\"mobile\"}]"));
		this.changes.insertValid("crm-5");
		this.changes.insertValid("crm-6");
		this.changes.insert(Map.of("external_id", "crm-1", "remark", "renamed"));
		this.changes.insertValid("crm-8");
		this.changes.insertValid("crm-9");
	}

	/** Both tables without generated ids, call ids and times, in change order. */
	private List<Map<String, Object>> snapshot() {
		List<Map<String, Object>> rows = new ArrayList<>(this.jdbcTemplate.queryForList("""
				SELECT external_id, customer_id, sync_state, attempts, last_code, last_message,
				       CASE WHEN synced_at IS NULL THEN 0 ELSE 1 END AS synced
				  FROM contact_change ORDER BY change_id"""));
		rows.addAll(this.jdbcTemplate.queryForList("""
				SELECT c.external_id, c.customer_id, o.outcome, o.code, o.msg, o.request_index, o.contact_id
				  FROM sync_outcome o JOIN contact_change c ON c.change_id = o.change_id
				 ORDER BY c.change_id, o.outcome_id"""));
		return rows;
	}

}
