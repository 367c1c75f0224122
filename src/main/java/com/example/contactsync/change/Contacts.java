package com.example.contactsync.change;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.example.contactsync.change.ContactKey.Kind;

/**
 * Which changes belong to one contact: those that name the same {@code customer_id} or
 * the same {@code external_id}, directly or through a chain of changes (one names
 * customer A and external X, another external X and customer B, a third customer B: one
 * contact). The one notion the chunk assembler (a chunk carries every pending change of
 * each contact it touches) and the split into partitions (a contact's changes fall into
 * one partition) share.
 * <p>
 * A union-find over the ids: {@link #link} joins the ids of one change,
 * {@link #contactOf} names the contact of an id. An id is known either exactly
 * ({@link #exact()}: where two contacts taken for one would be merged into one entry) or
 * by a 32-bit hash of its kind and value ({@link #byHash()}: memory grows with the number
 * of distinct ids, some 12 bytes each, not with their length; two ids whose hashes
 * collide are one contact, which only keeps them together). Ids are numbered in the order
 * they are first seen, and a contact is named by its oldest id, so the name does not
 * depend on the order of the links that joined it.
 */
public final class Contacts {

	/** The number of no id: a change that names none is a contact of its own. */
	public static final int NONE = -1;

	private final boolean exact;

	/** Open addressing, hash of an id to its number. */
	private int[] hashes = new int[1 << 12];

	private int[] numbers = new int[1 << 12];

	private boolean[] used = new boolean[1 << 12];

	/** The key of each id, known exactly only. */
	private ContactKey[] keys;

	private int[] parent = new int[1 << 11];

	private int size;

	private Contacts(boolean exact) {
		this.exact = exact;
		this.keys = exact ? new ContactKey[this.parent.length] : null;
	}

	/** Contacts whose ids are compared by value. */
	public static Contacts exact() {
		return new Contacts(true);
	}

	/**
	 * Contacts whose ids are known by a 32-bit hash of kind and value: for a whole run's
	 * changes, where two ids taken for one only keep two contacts together.
	 */
	public static Contacts byHash() {
		return new Contacts(false);
	}

	/**
	 * Groups changes by contact: each group in the order of {@code items}, the groups in
	 * the order of their first item. A change that names no id is a group of its own.
	 * Never null but may be empty.
	 */
	public static <T> List<List<T>> group(Iterable<T> items, Function<T, ContactChange> change) {
		Contacts contacts = exact();
		List<T> all = new ArrayList<>();
		List<Integer> numbers = new ArrayList<>();
		for (T item : items) {
			all.add(item);
			numbers.add(contacts.link(change.apply(item)));
		}
		Map<Integer, List<T>> byContact = new LinkedHashMap<>();
		List<List<T>> groups = new ArrayList<>();
		for (int i = 0; i < all.size(); i++) {
			int number = numbers.get(i);
			List<T> group = (number != NONE) ? byContact.get(contacts.contactOf(number)) : null;
			if (group == null) {
				group = new ArrayList<>();
				groups.add(group);
				if (number != NONE) {
					byContact.put(contacts.contactOf(number), group);
				}
			}
			group.add(all.get(i));
		}
		return groups;
	}

	/**
	 * Links the ids of a change into one contact.
	 * @return the number of one of its ids, for {@link #contactOf}; {@link #NONE} when it
	 * names none
	 */
	public int link(ContactChange change) {
		return link(change.customerId(), change.externalId());
	}

	/**
	 * Links a change's {@code customer_id} and {@code external_id} (either may be blank)
	 * into one contact.
	 * @return the number of one of its ids, for {@link #contactOf}; {@link #NONE} when it
	 * names none
	 */
	public int link(String customerId, String externalId) {
		int customer = number(Kind.CUSTOMER_ID, customerId);
		int external = number(Kind.EXTERNAL_ID, externalId);
		if (customer != NONE && external != NONE) {
			union(customer, external);
		}
		return (customer != NONE) ? customer : external;
	}

	/**
	 * The contact of an id, named by the number of its oldest id: the same for every id
	 * of one contact (until a later link joins it with another).
	 */
	public int contactOf(int number) {
		int root = number;
		while (this.parent[root] != root) {
			root = this.parent[root];
		}
		while (this.parent[number] != root) {
			int next = this.parent[number];
			this.parent[number] = root;
			number = next;
		}
		return root;
	}

	/** How many distinct ids have been linked. */
	public int size() {
		return this.size;
	}

	private void union(int a, int b) {
		int rootA = contactOf(a);
		int rootB = contactOf(b);
		if (rootA != rootB) {
			this.parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
		}
	}

	/** The number of an id, given on first sight; {@link #NONE} for a blank one. */
	private int number(Kind kind, String value) {
		if (!ContactKey.isSet(value)) {
			return NONE;
		}
		int hash = ContactKey.stableHash(kind, value);
		int mask = this.hashes.length - 1;
		int slot = mix(hash) & mask;
		while (this.used[slot]) {
			if (this.hashes[slot] == hash && (!this.exact || sameKey(this.numbers[slot], kind, value))) {
				return this.numbers[slot];
			}
			slot = (slot + 1) & mask;
		}
		return add(kind, value, hash, slot);
	}

	/** Numbers a new id, kept in the free {@code slot}. */
	private int add(Kind kind, String value, int hash, int slot) {
		int number = this.size++;
		if (number == this.parent.length) {
			this.parent = Arrays.copyOf(this.parent, number * 2);
			if (this.exact) {
				this.keys = Arrays.copyOf(this.keys, number * 2);
			}
		}
		this.parent[number] = number;
		if (this.exact) {
			this.keys[number] = new ContactKey(kind, value);
		}
		this.used[slot] = true;
		this.hashes[slot] = hash;
		this.numbers[slot] = number;
		if (this.size * 2 > this.hashes.length) {
			grow();
		}
		return number;
	}

	private boolean sameKey(int number, Kind kind, String value) {
		ContactKey key = this.keys[number];
		return key.kind() == kind && key.value().equals(value);
	}

	private void grow() {
		int[] oldHashes = this.hashes;
		int[] oldNumbers = this.numbers;
		boolean[] oldUsed = this.used;
		this.hashes = new int[oldHashes.length * 2];
		this.numbers = new int[oldHashes.length * 2];
		this.used = new boolean[oldHashes.length * 2];
		int mask = this.hashes.length - 1;
		for (int i = 0; i < oldHashes.length; i++) {
			if (oldUsed[i]) {
				int slot = mix(oldHashes[i]) & mask;
				while (this.used[slot]) {
					slot = (slot + 1) & mask;
				}
				this.used[slot] = true;
				this.hashes[slot] = oldHashes[i];
				this.numbers[slot] = oldNumbers[i];
			}
		}
	}

	/** Spreads a hash's bits (also used to spread contacts over partitions). */
	public static int mix(int value) {
		int h = value * 0x9E3779B9;
		return h ^ (h >>> 16);
	}

}
