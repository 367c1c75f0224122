package com.example.contactsync.job;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.example.contactsync.change.ItemOutcome;
import com.example.contactsync.change.Outcome;
import com.example.contactsync.dustess.payload.BatchEditCustomerResponse;
import com.example.contactsync.dustess.payload.BatchEditCustomerResponse.Data;
import com.example.contactsync.dustess.payload.BatchEditCustomerResponse.ItemResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class ResponseItemMapperTests {

	private static final String CALL = "call-1";

	@Test
	void mapWhenListsOutOfOrderThenMatchesByIndexNotPosition() {
		List<Submission> sent = sent(101, 102, 103, 104);
		BatchEditCustomerResponse response = response(false, 4126, List.of(ok(4, "id-4", null), ok(1, null, "uuid-1")),
				List.of(fail(3, 13000, "bad"), fail(2, 13001, "")));
		List<ItemOutcome> outcomes = ResponseItemMapper.map(sent, CALL, response);
		assertThat(outcomes)
			.extracting(ItemOutcome::changeId, ItemOutcome::outcome, ItemOutcome::requestIndex, ItemOutcome::code,
					ItemOutcome::contactId)
			.containsExactly(tuple(101L, Outcome.SUCCEEDED, 1, 0, "uuid-1"),
					tuple(102L, Outcome.FAILED, 2, 13001, null), tuple(103L, Outcome.FAILED, 3, 13000, null),
					tuple(104L, Outcome.SUCCEEDED, 4, 0, "id-4"));
		assertThat(outcomes).extracting(ItemOutcome::callId).containsOnly(CALL);
		assertThat(outcomes.get(1).message()).isEqualTo("Dustess rejected the entry with code 13001");
		assertThat(outcomes.get(2).message()).isEqualTo("bad");
	}

	@Test
	void mapWhenEntryCarriesMergedChangesThenEachGetsTheEntrysOutcome() {
		List<Submission> sent = List.of(new Submission(null, List.of(7L, 9L, 12L)), new Submission(null, List.of(8L)));
		List<ItemOutcome> outcomes = ResponseItemMapper.map(sent, CALL,
				response(false, 4126, List.of(ok(2, "id-8", null)), List.of(fail(1, 13000, "bad"))));
		assertThat(outcomes).extracting(ItemOutcome::changeId, ItemOutcome::outcome, ItemOutcome::requestIndex)
			.containsExactly(tuple(7L, Outcome.FAILED, 1), tuple(9L, Outcome.FAILED, 1), tuple(12L, Outcome.FAILED, 1),
					tuple(8L, Outcome.SUCCEEDED, 2));
	}

	@Test
	void mapWhenIndexMissingThenUnknownNeverSucceeded() {
		List<ItemOutcome> outcomes = ResponseItemMapper.map(sent(1, 2, 3), CALL,
				response(true, null, List.of(ok(1, "a", null), ok(3, "c", null)), null));
		assertThat(outcomes).extracting(ItemOutcome::outcome)
			.containsExactly(Outcome.SUCCEEDED, Outcome.UNKNOWN, Outcome.SUCCEEDED);
		assertThat(outcomes.get(1).message()).isEqualTo("the answer has no result for index 2");
	}

	@Test
	void mapWhenIndexRepeatedThenUnknown() {
		List<ItemOutcome> outcomes = ResponseItemMapper.map(sent(1, 2), CALL,
				response(false, 4126, List.of(ok(1, "a", null), ok(2, "b", null)), List.of(fail(2, 13000, "x"))));
		assertThat(outcomes).extracting(ItemOutcome::outcome).containsExactly(Outcome.SUCCEEDED, Outcome.UNKNOWN);
		assertThat(outcomes.get(1).message()).isEqualTo("the answer has 2 results for index 2");
	}

	@Test
	void mapWhenIndexesShiftedToZeroBasedThenNoResultTrustedAndAllUnknown() {
		List<ItemOutcome> outcomes = ResponseItemMapper.map(sent(1, 2, 3, 4, 5), CALL, response(true, null,
				List.of(ok(0, "a", null), ok(1, "b", null), ok(2, "c", null), ok(3, "d", null), ok(4, "e", null)),
				null));
		assertThat(outcomes).extracting(ItemOutcome::outcome, ItemOutcome::contactId)
			.containsOnly(tuple(Outcome.UNKNOWN, null));
		assertThat(outcomes).extracting(ItemOutcome::message)
			.containsOnly(
					"the answer has results for indexes [0] outside 1..5, so none of its results can be matched to an entry");
	}

	@Test
	void mapWhenIndexesShiftedUpByOneThenNoResultTrustedAndAllUnknown() {
		List<ItemOutcome> outcomes = ResponseItemMapper.map(sent(1, 2), CALL,
				response(false, 4126, List.of(ok(2, "a", null)), List.of(fail(3, 13000, "x"))));
		assertThat(outcomes).extracting(ItemOutcome::outcome).containsOnly(Outcome.UNKNOWN);
		assertThat(outcomes.get(0).message()).startsWith("the answer has results for indexes [3] outside 1..2");
	}

	@Test
	void mapWhenAnIndexIsNullThenNoResultTrustedAndAllUnknown() {
		List<ItemOutcome> outcomes = ResponseItemMapper.map(sent(1, 2), CALL,
				response(true, null, List.of(ok(1, "a", null), new ItemResult(0, null, "b", null, "")), null));
		assertThat(outcomes).extracting(ItemOutcome::outcome).containsOnly(Outcome.UNKNOWN);
		assertThat(outcomes.get(0).message()).startsWith("the answer has results for indexes [null] outside 1..2");
	}

	@Test
	void mapWhenSuccessWithoutDataThenAllUnknown() {
		List<ItemOutcome> outcomes = ResponseItemMapper.map(sent(1, 2), CALL,
				new BatchEditCustomerResponse(true, null, "", null));
		assertThat(outcomes).extracting(ItemOutcome::outcome).containsOnly(Outcome.UNKNOWN);
	}

	@Test
	void mapWhenBothListsNullThenAllUnknown() {
		List<ItemOutcome> outcomes = ResponseItemMapper.map(sent(1), CALL, response(true, null, null, null));
		assertThat(outcomes).extracting(ItemOutcome::outcome).containsOnly(Outcome.UNKNOWN);
	}

	@Test
	void mapWhenFailureIdIsZeroPlaceholderThenNoContactId() {
		List<ItemOutcome> outcomes = ResponseItemMapper.map(sent(1), CALL,
				response(false, 4126, null, List.of(new ItemResult(13001, 1, "0", null, ""))));
		assertThat(outcomes.get(0).contactId()).isNull();
	}

	private static List<Submission> sent(long... changeIds) {
		return Arrays.stream(changeIds).mapToObj((id) -> new Submission(null, List.of(id))).toList();
	}

	private static BatchEditCustomerResponse response(boolean success, Integer code, List<ItemResult> ok,
			List<ItemResult> fail) {
		return new BatchEditCustomerResponse(success, code, "", new Data(ok, fail));
	}

	private static ItemResult ok(int index, String id, String uuid) {
		return new ItemResult(0, index, id, uuid, "");
	}

	private static ItemResult fail(int index, int code, String msg) {
		return new ItemResult(code, index, "", null, msg);
	}

}
