package com.example.contactsync.change;

/**
 * What happened to one change in one run: the {@code outcome} of a {@code sync_outcome}
 * row.
 */
public enum Outcome {

	/** Dustess confirmed the entry. The change becomes {@code SYNCED}. */
	SUCCEEDED("SYNCED"),

	/**
	 * Dustess answered with a per-item failure code. The change becomes {@code FAILED}
	 * and is tried again by later runs, or {@code EXHAUSTED} when its attempts are used
	 * up or the code is configured as permanent.
	 */
	FAILED("FAILED"),

	/**
	 * The row cannot be sent as it is (validation); it was not sent. The change becomes
	 * {@code REJECTED}.
	 */
	REJECTED("REJECTED"),

	/**
	 * The entry was sent but the answer says nothing reliable about it (its index is
	 * missing or repeated). The change becomes {@code UNKNOWN} and is not sent again by
	 * itself.
	 */
	UNKNOWN("UNKNOWN");

	private final String syncState;

	Outcome(String syncState) {
		this.syncState = syncState;
	}

	/** The {@code contact_change.sync_state} a change takes with this outcome. */
	public String syncState() {
		return this.syncState;
	}

	/** Whether the change was sent to Dustess. */
	public boolean wasSent() {
		return this != REJECTED;
	}

}
