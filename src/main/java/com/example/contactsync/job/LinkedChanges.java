package com.example.contactsync.job;

import com.example.contactsync.change.Contacts;

/**
 * The changes of a run that share an id with another change of the run, and the partition
 * of each: that of its contact ({@link Contacts}, by hash: memory grows with the distinct
 * ids, not with their length; two ids whose hashes collide only stay in one partition).
 * Contacts go to partitions by a hash of their name, which spreads many small contacts
 * evenly.
 */
final class LinkedChanges {

	private final Contacts contacts = Contacts.byHash();

	/** Each change and the number of one of its ids. */
	private final ChangeIdList changes = new ChangeIdList();

	/** Adds a change, in {@code change_id} order; either id may be blank. */
	void add(long changeId, String customerId, String externalId) {
		this.changes.add(changeId, this.contacts.link(customerId, externalId));
	}

	/** The changes added, in {@code change_id} order, each with its partition. */
	Placed place(int gridSize) {
		long[] changeIds = this.changes.changeIds();
		int[] partitions = new int[changeIds.length];
		for (int i = 0; i < partitions.length; i++) {
			int number = this.changes.value(i);
			// a change with no id is a contact of its own
			int contact = (number != Contacts.NONE) ? this.contacts.contactOf(number)
					: (int) (-1 - (changeIds[i] & 0x7fffffff));
			partitions[i] = Math.floorMod(Contacts.mix(contact), gridSize);
		}
		return new Placed(changeIds, partitions);
	}

	/** Changes and their partitions, in {@code change_id} order. */
	record Placed(long[] changeIds, int[] partitions) {
	}

}
