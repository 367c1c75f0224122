package com.example.contactsync.job;

import com.example.contactsync.change.ContactChange;
import com.example.contactsync.dustess.payload.CustomerEntry;

/**
 * A change after processing: either its entry, ready to send, or the reason it cannot be
 * sent.
 */
sealed interface PreparedChange {

	/** The row this came from. */
	ContactChange change();

	/** The {@code contact_change} row's id. */
	default long changeId() {
		return change().changeId();
	}

	/**
	 * A change whose entry can be sent (possibly merged with other changes of its
	 * contact).
	 */
	record Sendable(ContactChange change, CustomerEntry entry) implements PreparedChange {
	}

	/**
	 * A change that cannot be sent as it is; it is marked {@code REJECTED} with the
	 * reason.
	 */
	record Rejected(ContactChange change, String reason) implements PreparedChange {
	}

}
