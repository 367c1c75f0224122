package com.example.contactsync.job;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.contactsync.change.ItemOutcome;
import com.example.contactsync.change.Outcome;
import com.example.contactsync.dustess.payload.BatchEditCustomerResponse;
import com.example.contactsync.dustess.payload.BatchEditCustomerResponse.ItemResult;

/**
 * Matches the per-item results of a {@code batchEditCustomer} answer to the entries that
 * were sent, by their 1-based {@code index}, never by list order. An entry whose index is
 * missing from the answer, or appears more than once, is {@link Outcome#UNKNOWN}: nothing
 * is marked succeeded that the API did not confirm. An answer with any index outside
 * {@code 1..n} (a 0-based answer, or one shifted by one) cannot be matched at all: every
 * entry of the call is UNKNOWN. Every change merged into an entry receives the entry's
 * outcome.
 */
final class ResponseItemMapper {

	private static final Logger logger = LoggerFactory.getLogger(ResponseItemMapper.class);

	private ResponseItemMapper() {
	}

	/**
	 * @param sent the entries in request order: {@code sent.get(i)} was sent at index
	 * {@code i + 1}
	 * @param callId the call's identifier, recorded with each outcome
	 * @param response the answer, with per-item data or {@code success: true}
	 * @return one outcome per change of each entry, in request order
	 */
	public static List<ItemOutcome> map(List<Submission> sent, String callId, BatchEditCustomerResponse response) {
		Map<Integer, List<Result>> byIndex = new HashMap<>();
		List<Integer> outOfRange = new ArrayList<>();
		BatchEditCustomerResponse.Data data = response.data();
		if (data != null) {
			collect(data.success(), true, sent.size(), byIndex, outOfRange);
			collect(data.fail(), false, sent.size(), byIndex, outOfRange);
		}
		String untrusted = null;
		if (!outOfRange.isEmpty()) {
			untrusted = "the answer has results for indexes " + outOfRange + " outside 1.." + sent.size()
					+ ", so none of its results can be matched to an entry";
			logger.warn("Call {}: {}; every entry of the call is UNKNOWN", callId, untrusted);
		}
		List<ItemOutcome> outcomes = new ArrayList<>();
		for (int i = 0; i < sent.size(); i++) {
			int index = i + 1;
			List<Result> results = byIndex.getOrDefault(index, List.of());
			for (long changeId : sent.get(i).changeIds()) {
				outcomes.add((untrusted != null)
						? new ItemOutcome(changeId, Outcome.UNKNOWN, callId, index, response.code(), untrusted, null)
						: outcome(changeId, index, callId, results, response));
			}
		}
		return outcomes;
	}

	private static ItemOutcome outcome(long changeId, int index, String callId, List<Result> results,
			BatchEditCustomerResponse response) {
		if (results.size() == 1) {
			Result result = results.get(0);
			ItemResult item = result.item();
			return new ItemOutcome(changeId, result.success() ? Outcome.SUCCEEDED : Outcome.FAILED, callId, index,
					item.code(), message(result), item.contactId());
		}
		String reason = results.isEmpty() ? "the answer has no result for index " + index
				: "the answer has " + results.size() + " results for index " + index;
		return new ItemOutcome(changeId, Outcome.UNKNOWN, callId, index, response.code(), reason, null);
	}

	private static void collect(List<ItemResult> items, boolean success, int size, Map<Integer, List<Result>> byIndex,
			List<Integer> outOfRange) {
		if (items == null) {
			return;
		}
		for (ItemResult item : items) {
			if (item == null) {
				continue;
			}
			Integer index = item.index();
			if (index == null || index < 1 || index > size) {
				outOfRange.add(index);
				continue;
			}
			byIndex.computeIfAbsent(index, (key) -> new ArrayList<>()).add(new Result(success, item));
		}
	}

	private static String message(Result result) {
		String msg = result.item().msg();
		if (msg != null && !msg.isBlank()) {
			return msg;
		}
		return result.success() ? null : "Dustess rejected the entry with code " + result.item().code();
	}

	private record Result(boolean success, ItemResult item) {
	}

}
