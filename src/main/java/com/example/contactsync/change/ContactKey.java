package com.example.contactsync.change;

import java.util.ArrayList;
import java.util.List;

/**
 * An id a change names its contact by: its {@code customer_id} (the Dustess id) or its
 * {@code external_id} (the upstream system's id). Two changes that name one key belong to
 * one contact ({@link Contacts}).
 *
 * @param kind which column the id is from
 * @param value the id, never blank
 */
public record ContactKey(Kind kind, String value) {

	public ContactKey {
		if (!isSet(value)) {
			throw new IllegalArgumentException("A contact's " + kind + " cannot be blank");
		}
	}

	/** The column an id is from. */
	public enum Kind {

		/** {@code customer_id}. */
		CUSTOMER_ID("c:"),

		/** {@code external_id}. */
		EXTERNAL_ID("e:");

		/**
		 * The hash of the kind's prefix, hashed with the value so that equal values of
		 * the two kinds differ.
		 */
		private final int hash;

		Kind(String prefix) {
			this.hash = prefix.hashCode();
		}

	}

	/**
	 * The keys of a change: its {@code customer_id} and {@code external_id}, in that
	 * order, those that are set. Never null but may be empty.
	 */
	public static List<ContactKey> of(ContactChange change) {
		List<ContactKey> keys = new ArrayList<>(2);
		if (isSet(change.customerId())) {
			keys.add(new ContactKey(Kind.CUSTOMER_ID, change.customerId()));
		}
		if (isSet(change.externalId())) {
			keys.add(new ContactKey(Kind.EXTERNAL_ID, change.externalId()));
		}
		return keys;
	}

	/** Whether a column holds an id: blank is none. */
	static boolean isSet(String value) {
		return value != null && !value.isBlank();
	}

	/**
	 * A hash of kind and value that is the same in every JVM (an enum's own hash code is
	 * not): a run's split, computed by one process and planned by another, must agree.
	 */
	static int stableHash(Kind kind, String value) {
		return kind.hash * 31 + value.hashCode();
	}

}
