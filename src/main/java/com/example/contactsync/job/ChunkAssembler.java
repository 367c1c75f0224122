package com.example.contactsync.job;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.contactsync.change.ContactChange;
import com.example.contactsync.change.ContactChangeRepository;
import com.example.contactsync.change.ItemOutcome;
import com.example.contactsync.change.RunScope;
import com.example.contactsync.dustess.payload.CustomerEntry;

/**
 * Turns a chunk of prepared changes into the entries of one call: a contact appears at most once.
 * The run's other changes of each contact — same {@code customer_id} or same
 * {@code external_id}, also those further on in the backlog — join the chunk and are merged into
 * one entry, field by field, the later {@code change_id} winning. So two changes of one contact
 * never travel in different calls, and never out of order.
 * <p>
 * A contact whose changes cannot be merged — one of them is rejected, or they name different
 * {@code customer_id} or {@code external_id} values — is not sent at all: each of its changes is
 * rejected with the reason, so that none overtakes another once they are fixed and requeued.
 */
public class ChunkAssembler {

	/** How many rounds of "other changes of the same contacts" to follow before giving up. */
	static final int MAX_ROUNDS = 10;

	private static final Logger logger = LoggerFactory.getLogger(ChunkAssembler.class);

	private final ContactChangeRepository changes;

	private final PrepareChangeProcessor processor;

	public ChunkAssembler(ContactChangeRepository changes, PrepareChangeProcessor processor) {
		this.changes = changes;
		this.processor = processor;
	}

	/** The entries to send and the changes rejected. */
	public record Assembly(List<Submission> submissions, List<ItemOutcome> rejections) {
	}

	public Assembly assemble(List<? extends PreparedChange> chunk, RunScope scope) {
		Map<Long, PreparedChange> byId = new TreeMap<>();
		for (PreparedChange prepared : chunk) {
			byId.putIfAbsent(prepared.changeId(), prepared);
		}
		addOtherChangesOfTheSameContacts(byId, scope);
		List<Submission> submissions = new ArrayList<>();
		List<ItemOutcome> rejections = new ArrayList<>();
		for (List<PreparedChange> contact : groupByContact(byId.values())) {
			String conflict = conflict(contact);
			if (conflict != null) {
				for (PreparedChange member : contact) {
					String reason = (member instanceof PreparedChange.Rejected rejected) ? rejected.reason() : conflict;
					rejections.add(ItemOutcome.rejected(member.changeId(), reason));
				}
				continue;
			}
			CustomerEntry merged = null;
			for (PreparedChange member : contact) {
				CustomerEntry entry = ((PreparedChange.Sendable) member).entry();
				merged = (merged != null) ? merged.overlay(entry) : entry;
			}
			submissions.add(new Submission(merged, contact.stream().map(PreparedChange::changeId).toList()));
		}
		return new Assembly(submissions, rejections);
	}

	private void addOtherChangesOfTheSameContacts(Map<Long, PreparedChange> byId, RunScope scope) {
		Set<String> customerIds = new LinkedHashSet<>();
		Set<String> externalIds = new LinkedHashSet<>();
		for (int round = 0; round < MAX_ROUNDS; round++) {
			boolean newKeys = false;
			for (PreparedChange prepared : byId.values()) {
				newKeys |= addIfPresent(customerIds, prepared.change().customerId());
				newKeys |= addIfPresent(externalIds, prepared.change().externalId());
			}
			if (!newKeys) {
				return;
			}
			List<ContactChange> others = this.changes.findOfContacts(scope, customerIds, externalIds, byId.keySet());
			if (others.isEmpty()) {
				return;
			}
			logger.debug("Merging {} further changes of the chunk's contacts", others.size());
			for (ContactChange other : others) {
				byId.put(other.changeId(), this.processor.process(other));
			}
		}
		throw new IllegalStateException("The contacts of this chunk link more than " + MAX_ROUNDS
				+ " rounds of changes through customer_id and external_id; check contact_change for chained ids");
	}

	private static boolean addIfPresent(Set<String> keys, String key) {
		return key != null && !key.isBlank() && keys.add(key);
	}

	/** Groups changes that share a customer_id or an external_id, each group in change_id order. */
	static List<List<PreparedChange>> groupByContact(Iterable<PreparedChange> prepared) {
		Map<String, Integer> groupOfKey = new HashMap<>();
		List<List<PreparedChange>> groups = new ArrayList<>();
		Map<Integer, Integer> mergedInto = new HashMap<>();
		for (PreparedChange change : prepared) {
			List<String> keys = keys(change.change());
			Integer group = null;
			for (String key : keys) {
				Integer existing = groupOfKey.get(key);
				if (existing != null) {
					existing = root(mergedInto, existing);
					if (group == null) {
						group = existing;
					}
					else if (!group.equals(existing)) {
						groups.get(group).addAll(groups.get(existing));
						groups.get(existing).clear();
						mergedInto.put(existing, group);
					}
				}
			}
			if (group == null) {
				group = groups.size();
				groups.add(new ArrayList<>());
			}
			groups.get(group).add(change);
			for (String key : keys) {
				groupOfKey.put(key, group);
			}
		}
		return groups.stream()
			.filter((group) -> !group.isEmpty())
			.map((group) -> group.stream().sorted(Comparator.comparingLong(PreparedChange::changeId)).toList())
			.sorted(Comparator.comparingLong((List<PreparedChange> group) -> group.get(0).changeId()))
			.toList();
	}

	private static int root(Map<Integer, Integer> mergedInto, int group) {
		Integer parent = mergedInto.get(group);
		return (parent == null) ? group : root(mergedInto, parent);
	}

	private static List<String> keys(ContactChange change) {
		List<String> keys = new ArrayList<>(2);
		if (change.customerId() != null && !change.customerId().isBlank()) {
			keys.add("customer_id:" + change.customerId());
		}
		if (change.externalId() != null && !change.externalId().isBlank()) {
			keys.add("external_id:" + change.externalId());
		}
		if (keys.isEmpty()) {
			keys.add("change:" + change.changeId());
		}
		return keys;
	}

	/** Why a contact's changes cannot be sent together, or {@code null}. */
	private static String conflict(List<PreparedChange> contact) {
		List<Long> rejected = contact.stream()
			.filter(PreparedChange.Rejected.class::isInstance)
			.map(PreparedChange::changeId)
			.toList();
		if (!rejected.isEmpty()) {
			return "not sent: change " + rejected.stream().map(String::valueOf).collect(Collectors.joining(", "))
							+ " of the same contact was rejected; fix it and requeue this contact's changes together";
		}
		Set<String> customerIds = distinct(contact, ContactChange::customerId);
		Set<String> externalIds = distinct(contact, ContactChange::externalId);
		if (customerIds.size() > 1 || externalIds.size() > 1) {
			return "cannot merge changes " + contact.stream().map((c) -> String.valueOf(c.changeId())).collect(Collectors.joining(", "))
					+ " of one contact: they name " + ((customerIds.size() > 1) ? "different customer_id" : "different external_id")
					+ " values";
		}
		return null;
	}

	private static Set<String> distinct(List<PreparedChange> contact, java.util.function.Function<ContactChange, String> key) {
		return contact.stream()
			.map((prepared) -> key.apply(prepared.change()))
			.filter((value) -> value != null && !value.isBlank())
			.collect(Collectors.toSet());
	}

}
