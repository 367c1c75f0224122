package com.example.contactsync.change;

/**
 * The outcome of one change in one run, as recorded in {@code sync_outcome} and carried
 * into {@code contact_change}.
 *
 * @param changeId the change
 * @param outcome what happened
 * @param callId the API call that carried it; {@code null} when it was not sent
 * @param requestIndex its 1-based position in that call's {@code customer_list};
 * {@code null} when it was not sent
 * @param code the Dustess per-item code, if any
 * @param message the Dustess per-item message, or why the change was rejected or is
 * unknown
 * @param contactId the contact id Dustess returned, if any
 */
public record ItemOutcome(long changeId, Outcome outcome, String callId, Integer requestIndex, Integer code,
		String message, String contactId) {

	public static ItemOutcome rejected(long changeId, String reason) {
		return new ItemOutcome(changeId, Outcome.REJECTED, null, null, null, reason, null);
	}

}
