package com.example.contactsync.job;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.example.contactsync.change.ItemOutcome;
import com.example.contactsync.change.Outcome;
import com.example.contactsync.operations.RunResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The schema under the job: the guard on {@code contact_change} (a waiting change's data
 * cannot change under its call), the read-only ops role, and what the tables hold when an
 * answer is recorded.
 */
abstract class AbstractContactChangeGuardIntegrationTests extends AbstractSyncIntegrationTests {

	@Test
	void readOnlyOpsRoleExists() {
		if (this.changes.isPostgres()) {
			assertThat(this.jdbcTemplate.queryForObject(
					"SELECT has_table_privilege('contact_sync_ops', 'contact_sync_run', 'SELECT')", Boolean.class))
				.isTrue();
			assertThat(this.jdbcTemplate.queryForObject(
					"SELECT has_table_privilege('contact_sync_ops', 'contact_change', 'UPDATE')", Boolean.class))
				.isFalse();
		}
		else {
			assertThat(this.jdbcTemplate.queryForList(
					"SELECT PRIVILEGE_TYPE FROM INFORMATION_SCHEMA.TABLE_PRIVILEGES WHERE GRANTEE = 'CONTACT_SYNC_OPS' AND TABLE_NAME = 'CONTACT_CHANGE'",
					String.class))
				.containsExactly("SELECT");
		}
	}

	@Test
	void recordingAnAnswerWithValuesNoColumnCanHoldNeverFailsTheChunk() {
		long succeeded = this.changes.insertValid("crm-1");
		long failed = this.changes.insertValid("crm-2");
		String longId = "d3e83957-175a-11eb-b365-111111111111".repeat(3);
		List<ItemOutcome> outcomes = List.of(new ItemOutcome(succeeded, Outcome.SUCCEEDED, "call-1", 1, 0, "", longId),
				new ItemOutcome(failed, Outcome.FAILED, "call-1", 2, 13000, "bad\u0000value \uD800 13800001234", null));

		this.changeRepository.recordOutcomes(1L, 2L, outcomes, 5, java.util.Set.of());

		assertThat(this.changes.outcomes(succeeded)).singleElement()
			.satisfies((row) -> assertThat((String) row.get("contact_id")).hasSize(64)
				.startsWith(longId.substring(0, 63)));
		assertThat(this.changes.outcomes(failed)).singleElement()
			.satisfies((row) -> assertThat(row.get("msg")).isEqualTo("bad\uFFFDvalue \uFFFD *******1234"));
		assertThat(this.changes.row(failed)).containsEntry("last_message", "bad\uFFFDvalue \uFFFD *******1234");
	}

	@Test
	void aWaitingChangesDataCannotBeUpdatedNorTheChangeDeletedButItsStateCan() {
		long pending = this.changes.insertValid("crm-1");

		assertThatExceptionOfType(org.springframework.dao.DataAccessException.class).isThrownBy(
				() -> this.jdbcTemplate.update("UPDATE contact_change SET remark = 'X' WHERE change_id = ?", pending))
			.withMessageContaining("contact_change " + pending + " is PENDING: its data cannot be updated");
		assertThatExceptionOfType(org.springframework.dao.DataAccessException.class)
			.isThrownBy(() -> this.jdbcTemplate.update("DELETE FROM contact_change WHERE change_id = ?", pending))
			.withMessageContaining("a change waiting to be sent cannot be deleted");
		// unchanged values, state columns and created_at are free
		this.jdbcTemplate.update("UPDATE contact_change SET remark = remark, created_at = CURRENT_TIMESTAMP, "
				+ "last_message = 'note' WHERE change_id = ?", pending);
		assertThat(this.changes.row(pending)).containsEntry("remark", "Contact crm-1")
			.containsEntry("last_message", "note");

		// withdrawn (REJECTED), it may be corrected and requeued, or deleted
		this.jdbcTemplate.update("UPDATE contact_change SET sync_state = 'REJECTED' WHERE change_id = ?", pending);
		this.jdbcTemplate.update(
				"UPDATE contact_change SET remark = 'Corrected', sync_state = 'PENDING' WHERE change_id = ?", pending);
		this.syncRunner.run(DATE);
		assertThat(sentExternalIds()).containsExactly("crm-1");
		assertThat(sandbox.receivedCalls().get(0).get(0).get("remark").asString()).isEqualTo("Corrected");
		// a synced change's data is history: refused too, and deleting it (a purge) is
		// allowed
		assertThatExceptionOfType(org.springframework.dao.DataAccessException.class).isThrownBy(
				() -> this.jdbcTemplate.update("UPDATE contact_change SET remark = 'Y' WHERE change_id = ?", pending))
			.withMessageContaining("is SYNCED: its data cannot be updated");
		this.jdbcTemplate.update("DELETE FROM sync_outcome WHERE change_id = ?", pending);
		assertThat(this.jdbcTemplate.update("DELETE FROM contact_change WHERE change_id = ?", pending)).isOne();
	}

	@Test
	void runWhenSomeoneUpdatesOrDeletesARowWhileItsCallIsInFlightThenRefusedAndNothingLostOrSentTwice()
			throws InterruptedException {
		List<Long> ids = insertValid(6);
		// crm-3 and crm-4 are in the second call; the statements wait for its record
		Operator operator = operatorDuringCall(2, "UPDATE contact_change SET remark = 'X' WHERE external_id = 'crm-3'",
				"DELETE FROM contact_change WHERE external_id = 'crm-4'");

		RunResult result = this.syncRunner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(operator.results()).containsExactly("refused UPDATE", "refused DELETE");
		assertThat(ids).allSatisfy((id) -> {
			assertThat(this.changes.state(id)).isEqualTo("SYNCED");
			assertThat(this.changes.outcomes(id)).hasSize(1);
		});
		assertThat(this.changes.row(ids.get(2))).containsEntry("remark", "Contact crm-3");
		assertThat(sandbox.calls()).isEqualTo(3);
		assertThat(this.syncRunner.run(DATE.plusDays(1)).run().items()).isZero();
		assertThat(sandbox.calls()).isEqualTo(3);
	}

	@Test
	void runWhenAnOperatorWithdrawsARowWhileItsCallIsInFlightThenTheStatementWaitsForTheRecordAndNothingIsLost()
			throws InterruptedException {
		List<Long> ids = insertValid(4);
		Operator operator = operatorDuringCall(2,
				"UPDATE contact_change SET sync_state = 'REJECTED', last_message = 'withdrawn' WHERE external_id = 'crm-4'",
				"DELETE FROM contact_change WHERE external_id = 'crm-4'");

		RunResult result = this.syncRunner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		// it waited for crm-4's outcome: the call was recorded, then the state set; the
		// delete is refused while the outcome refers to the change
		assertThat(operator.results()).containsExactly("ok UPDATE", "refused DELETE");
		assertThat(this.changes.state(ids.get(2))).isEqualTo("SYNCED");
		assertThat(this.changes.row(ids.get(3))).containsEntry("sync_state", "REJECTED")
			.containsEntry("last_message", "withdrawn");
		assertThat(this.changes.outcomes(ids.get(3))).singleElement()
			.satisfies((outcome) -> assertThat(outcome).containsEntry("outcome", "SUCCEEDED"));
		assertThat(sandbox.calls()).isEqualTo(2);
		assertThat(this.syncRunner.run(DATE.plusDays(1)).run().items()).isZero();
	}

	@Test
	void runWhenAnOperatorWithdrawsCorrectsAndRequeuesARowWhileItsCallIsInFlightThenTheCorrectionIsSentNextRun()
			throws InterruptedException {
		List<Long> ids = insertValid(4);
		Operator operator = operatorDuringCall(2,
				"UPDATE contact_change SET sync_state = 'REJECTED' WHERE external_id = 'crm-3'",
				"UPDATE contact_change SET remark = 'Corrected' WHERE external_id = 'crm-3'",
				"UPDATE contact_change SET sync_state = 'PENDING' WHERE external_id = 'crm-3'");

		RunResult first = this.syncRunner.run(DATE);

		assertThat(first.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(operator.results()).containsExactly("ok UPDATE", "ok UPDATE", "ok UPDATE");
		assertThat(this.changes.row(ids.get(2))).containsEntry("sync_state", "PENDING")
			.containsEntry("remark", "Corrected");
		sandbox.forgetReceivedCalls();

		assertThat(this.syncRunner.run(DATE.plusDays(1)).kind()).isEqualTo(RunResult.Kind.COMPLETED);

		assertThat(sandbox.receivedCalls()).singleElement()
			.satisfies((call) -> assertThat(call).singleElement()
				.satisfies((entry) -> assertThat(entry.get("remark").asString()).isEqualTo("Corrected")));
		assertThat(this.changes.state(ids.get(2))).isEqualTo("SYNCED");
	}

	@Test
	void runWhenOneContactHasMoreChangesThanOneStatementTakesThenAllAreRecordedAfterOneCall() {
		// 8,300 changes of one contact: one merged entry, 8,300 outcomes to record for
		// one call
		String series = this.changes.isPostgres() ? "generate_series(1, 8300) AS g(x)" : "SYSTEM_RANGE(1, 8300) AS g";
		String x = this.changes.isPostgres() ? "g.x" : "g.X";
		this.jdbcTemplate.update("INSERT INTO contact_change (external_id, remark) SELECT 'crm-big', CONCAT('r', " + x
				+ ") FROM " + series);
		long other = this.changes.insertValid("crm-other");

		RunResult result = this.syncRunner.run(DATE);

		assertThat(result.kind()).isEqualTo(RunResult.Kind.COMPLETED);
		assertThat(this.changes.count("SELECT COUNT(*) FROM contact_change WHERE sync_state = 'SYNCED'"))
			.isEqualTo(8301);
		assertThat(this.changes.count("SELECT COUNT(*) FROM sync_outcome")).isEqualTo(8301);
		assertThat(this.changes.state(other)).isEqualTo("SYNCED");
		assertThat(sentExternalIds()).containsExactlyInAnyOrder("crm-big", "crm-other");
		assertThat(sandbox.receivedCalls()
			.stream()
			.flatMap(List::stream)
			.filter((entry) -> entry.get("external_id").asString().equals("crm-big"))
			.findFirst()
			.orElseThrow()
			.get("remark")
			.asString()).isEqualTo("r8300");
	}

	private List<Long> insertValid(int count) {
		List<Long> ids = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			ids.add(this.changes.insertValid("crm-" + i));
		}
		return ids;
	}

	/**
	 * Runs an operator's statements, one after the other on connections of their own, as
	 * soon as the given call arrives at the sandbox, without holding the call up.
	 */
	private Operator operatorDuringCall(int call, String... statements) {
		Operator operator = new Operator(List.of(statements));
		sandbox.onCall((number) -> {
			if (number == call) {
				operator.start();
			}
		});
		return operator;
	}

	/**
	 * An operator at a SQL prompt: each statement's result, "ok VERB" or "refused VERB".
	 */
	private final class Operator extends Thread {

		private final List<String> statements;

		private final List<String> results = java.util.Collections.synchronizedList(new ArrayList<>());

		Operator(List<String> statements) {
			this.statements = statements;
		}

		@Override
		public void run() {
			for (String sql : this.statements) {
				String verb = sql.substring(0, sql.indexOf(' '));
				try {
					AbstractContactChangeGuardIntegrationTests.this.jdbcTemplate.update(sql);
					this.results.add("ok " + verb);
				}
				catch (org.springframework.dao.DataAccessException ex) {
					this.results.add("refused " + verb);
				}
			}
		}

		List<String> results() throws InterruptedException {
			join(30_000);
			return List.copyOf(this.results);
		}

	}

}
