package com.example.contactsync.change;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The rules of "one contact" on their own: which changes belong together, known exactly
 * or by hash.
 */
class ContactsTests {

	@Test
	void groupWhenChangesChainThroughCustomerIdAndExternalIdThenOneContact() {
		// 1 and 3 share nothing; 2 names the customer_id of 1 and the external_id of 3
		List<List<Long>> groups = groups(change(1, "cid-a", null), change(2, "cid-a", "crm-x"),
				change(3, null, "crm-x"), change(4, "cid-b", null));
		assertThat(groups).containsExactly(List.of(1L, 2L, 3L), List.of(4L));
	}

	@Test
	void groupWhenALaterChangeBridgesTwoContactsThenTheyBecomeOneInTheOrderOfTheChanges() {
		List<List<Long>> groups = groups(change(1, "cid-a", null), change(2, null, "crm-x"), change(3, "cid-b", null),
				change(4, "cid-a", "crm-x"));
		assertThat(groups).containsExactly(List.of(1L, 2L, 4L), List.of(3L));
	}

	@Test
	void groupWhenAChangeNamesNoIdThenItIsAContactOfItsOwn() {
		List<List<Long>> groups = groups(change(1, null, null), change(2, " ", ""), change(3, "cid-a", null));
		assertThat(groups).containsExactly(List.of(1L), List.of(2L), List.of(3L));
	}

	@Test
	void groupWhenTheSameValueIsACustomerIdAndAnExternalIdThenTwoContacts() {
		assertThat(groups(change(1, "same", null), change(2, null, "same"))).containsExactly(List.of(1L), List.of(2L));
	}

	@Test
	void contactOfWhenLinkedInAnyOrderThenNamedByTheOldestId() {
		Contacts contacts = Contacts.exact();
		int first = contacts.link("cid-a", null);
		int second = contacts.link("cid-b", null);
		int third = contacts.link(null, "crm-x");
		contacts.link("cid-b", "crm-x");
		contacts.link("cid-a", "crm-x");
		assertThat(contacts.contactOf(third)).isEqualTo(first);
		assertThat(contacts.contactOf(second)).isEqualTo(first);
		assertThat(contacts.size()).isEqualTo(3);
	}

	@Test
	void linkWhenIdsCollideByHashThenOnlyTheHashedContactsJoinThem() {
		// "Aa" and "BB" have the same String.hashCode
		Contacts exact = Contacts.exact();
		Contacts byHash = Contacts.byHash();
		assertThat(exact.contactOf(exact.link("Aa", null))).isNotEqualTo(exact.contactOf(exact.link("BB", null)));
		assertThat(byHash.contactOf(byHash.link("Aa", null))).isEqualTo(byHash.contactOf(byHash.link("BB", null)));
	}

	@Test
	void linkWhenManyIdsThenExactAndHashedAgree() {
		Contacts exact = Contacts.exact();
		Contacts byHash = Contacts.byHash();
		int[] exactNumbers = new int[30_000];
		int[] hashedNumbers = new int[30_000];
		for (int i = 0; i < exactNumbers.length; i++) {
			// contacts of three changes: customer i/3 chained with external i/3
			String customerId = (i % 3 == 2) ? null : "cid-" + (i / 3);
			String externalId = (i % 3 == 0) ? null : "crm-" + (i / 3);
			exactNumbers[i] = exact.link(customerId, externalId);
			hashedNumbers[i] = byHash.link(customerId, externalId);
		}
		for (int i = 0; i < exactNumbers.length; i++) {
			assertThat(exact.contactOf(exactNumbers[i])).isEqualTo(exact.contactOf(exactNumbers[i - i % 3]));
			assertThat(byHash.contactOf(hashedNumbers[i])).isEqualTo(exact.contactOf(exactNumbers[i]));
		}
		assertThat(exact.size()).isEqualTo(20_000);
	}

	@Test
	void ofWhenBothIdsAreSetThenTypedCustomerIdFirst() {
		assertThat(ContactKey.of(change(1, "cid-a", "crm-x"))).containsExactly(
				new ContactKey(ContactKey.Kind.CUSTOMER_ID, "cid-a"),
				new ContactKey(ContactKey.Kind.EXTERNAL_ID, "crm-x"));
		assertThat(ContactKey.of(change(1, " ", null))).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> new ContactKey(ContactKey.Kind.CUSTOMER_ID, " "));
	}

	private static List<List<Long>> groups(ContactChange... changes) {
		return Contacts.group(List.of(changes), (change) -> change)
			.stream()
			.map((group) -> group.stream().map(ContactChange::changeId).toList())
			.toList();
	}

	static ContactChange change(long id, String customerId, String externalId) {
		return new ContactChange(id, customerId, externalId, null, null, null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
				null);
	}

}
