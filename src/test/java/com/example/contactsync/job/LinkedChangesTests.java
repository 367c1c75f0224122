package com.example.contactsync.job;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The placement of linked changes on its own: a contact's changes fall into one
 * partition, whatever their change ids.
 */
class LinkedChangesTests {

	@Test
	void placeWhenAContactsChangeIdsWouldSpanPartitionsThenAllFallIntoOne() {
		LinkedChanges linked = new LinkedChanges();
		// change_id mod 4 would put these in partitions 1, 2, 3 and 1
		linked.add(1, "cid-a", null);
		linked.add(2, "cid-a", "crm-x");
		linked.add(3, null, "crm-x");
		linked.add(5, "cid-b", "crm-x");
		LinkedChanges.Placed placed = linked.place(4);
		assertThat(placed.changeIds()).containsExactly(1, 2, 3, 5);
		assertThat(Arrays.stream(placed.partitions()).distinct().count()).isOne();
		assertThat(placed.partitions()[0]).isBetween(0, 3);
	}

	@Test
	void placeWhenManySmallContactsThenEachTogetherSpreadOverEveryPartitionAndTheSameEveryTime() {
		LinkedChanges linked = new LinkedChanges();
		LinkedChanges again = new LinkedChanges();
		for (int i = 0; i < 1000; i++) {
			linked.add(2L * i, "cid-" + i, null);
			linked.add(2L * i + 1, "cid-" + i, "crm-" + i);
			again.add(2L * i, "cid-" + i, null);
			again.add(2L * i + 1, "cid-" + i, "crm-" + i);
		}
		int[] partitions = linked.place(4).partitions();
		for (int i = 0; i < 1000; i++) {
			assertThat(partitions[2 * i + 1]).isEqualTo(partitions[2 * i]);
		}
		assertThat(Arrays.stream(partitions).distinct().count()).isEqualTo(4);
		assertThat(again.place(4).partitions()).isEqualTo(partitions);
	}

}
