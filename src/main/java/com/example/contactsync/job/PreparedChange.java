package com.example.contactsync.job;

import com.example.contactsync.dustess.payload.CustomerEntry;

/**
 * A change after processing: either an entry to send, or the reason it cannot be sent.
 */
public sealed interface PreparedChange {

	/** The {@code contact_change} row this came from. */
	long changeId();

	/** A change that goes out as one {@code customer_list} entry. */
	record Sendable(long changeId, CustomerEntry entry) implements PreparedChange {
	}

	/** A change that cannot be sent as it is; it is marked {@code REJECTED} with the reason. */
	record Rejected(long changeId, String reason) implements PreparedChange {
	}

}
