package com.example.contactsync.job;

import java.util.Arrays;

/**
 * A growable list of change ids, each with an int (its partition, or the number of one of
 * its ids): primitive arrays, for the million changes of a split.
 */
final class ChangeIdList {

	private long[] changeIds = new long[1024];

	private int[] values = new int[1024];

	private int size;

	void add(long changeId, int value) {
		if (this.size == this.changeIds.length) {
			this.changeIds = Arrays.copyOf(this.changeIds, this.size * 2);
			this.values = Arrays.copyOf(this.values, this.size * 2);
		}
		this.changeIds[this.size] = changeId;
		this.values[this.size++] = value;
	}

	int size() {
		return this.size;
	}

	int value(int index) {
		return this.values[index];
	}

	long[] changeIds() {
		return Arrays.copyOf(this.changeIds, this.size);
	}

	int[] values() {
		return Arrays.copyOf(this.values, this.size);
	}

}
