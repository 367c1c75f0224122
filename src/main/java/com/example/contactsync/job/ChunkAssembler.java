package com.example.contactsync.job;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.contactsync.change.ContactChange;
import com.example.contactsync.change.ItemOutcome;
import com.example.contactsync.dustess.payload.CustomerEntry;

/**
 * Turns a chunk of prepared changes into the entries of one call: a contact appears at
 * most once. The run's other changes of each contact — same {@code customer_id} or same
 * {@code external_id}, directly or through a chain of changes, also those further on in
 * the backlog — join the chunk and are merged into one entry, field by field, the later
 * {@code change_id} winning. So two changes of one contact never travel in different
 * calls, and never out of order.
 * <p>
 * A contact whose changes cannot be merged — one of them is rejected, or they name
 * different {@code customer_id} or {@code external_id} values — is not sent at all: each
 * of its changes is rejected with the reason, so that none overtakes another once they
 * are fixed and requeued.
 * <p>
 * Links are followed until no new id turns up, but through at most
 * {@value #MAX_LINKED_IDS} distinct ids per chunk. A contact that merges cleanly has one
 * {@code customer_id} and one {@code external_id}, so only chains of changes naming ever
 * other ids come near it; a contact whose chain was not followed to its end is rejected
 * as a whole, and nothing else in the chunk pays for it.
 */
class ChunkAssembler {

	/** How many distinct ids of the chunk's contacts are followed at the most. */
	static final int MAX_LINKED_IDS = 10_000;

	private static final Logger logger = LoggerFactory.getLogger(ChunkAssembler.class);

	private final PrepareChangeProcessor processor;

	private final int maxLinkedIds;

	/** The ids of chains found too long, by this assembler's earlier chunks too. */
	private final Set<String> overLimit = new HashSet<>();

	public ChunkAssembler(PrepareChangeProcessor processor) {
		this(processor, MAX_LINKED_IDS);
	}

	ChunkAssembler(PrepareChangeProcessor processor, int maxLinkedIds) {
		this.processor = processor;
		this.maxLinkedIds = maxLinkedIds;
	}

	/**
	 * Finds the run's other changes of some contacts.
	 */
	@FunctionalInterface
	public interface OtherChanges {

		/**
		 * The changes of the run that are among {@code changeIds} or name one of the ids,
		 * in {@code change_id} order; a writer locks them until its chunk is recorded.
		 * Never null but may be empty.
		 */
		List<ContactChange> find(Set<Long> changeIds, Set<String> customerIds, Set<String> externalIds);

		/**
		 * Whether a change that {@link #find} returned is locked by another session, so
		 * that it could not be locked for the chunk: its contact is left out.
		 */
		default boolean lockedElsewhere(long changeId) {
			return false;
		}

	}

	/**
	 * The entries to send, the changes rejected, and the changes left out because some
	 * change of their contact is locked by another session (not sent, nothing recorded:
	 * they stay as they are).
	 */
	public record Assembly(List<Submission> submissions, List<ItemOutcome> rejections, List<Long> heldElsewhere) {

		public Assembly(List<Submission> submissions, List<ItemOutcome> rejections) {
			this(submissions, rejections, List.of());
		}

	}

	/**
	 * The entries of one call for the chunk. The first look-up asks for the chunk's own
	 * changes too: one that is no longer in the run's scope (an operator withdrew it
	 * since it was read) is dropped, and the rest are locked with the contacts' other
	 * changes until the chunk is recorded.
	 */
	public Assembly assemble(List<? extends PreparedChange> chunk, OtherChanges otherChanges) {
		Map<Long, PreparedChange> byId = new TreeMap<>();
		for (PreparedChange prepared : chunk) {
			byId.putIfAbsent(prepared.changeId(), prepared);
		}
		Set<String> unfollowed = addOtherChangesOfTheSameContacts(byId, otherChanges);
		List<Submission> submissions = new ArrayList<>();
		List<ItemOutcome> rejections = new ArrayList<>();
		List<Long> heldElsewhere = new ArrayList<>();
		for (List<PreparedChange> contact : groupByContact(byId.values())) {
			if (contact.stream().anyMatch((member) -> otherChanges.lockedElsewhere(member.changeId()))) {
				// none of the contact goes out, so that no change of it overtakes another
				List<Long> ids = contact.stream().map(PreparedChange::changeId).toList();
				logger.warn("Changes {} of one contact are not sent in this run: some of them are locked by another "
						+ "session; they stay as they are", ids);
				heldElsewhere.addAll(ids);
				continue;
			}
			String conflict = conflict(contact, unfollowed);
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
		return new Assembly(submissions, rejections, heldElsewhere);
	}

	/**
	 * Adds the other changes of the contacts in {@code byId}, round by round, asking each
	 * round only for the ids that turned up in the last one; the first round also
	 * confirms the chunk's own changes, and drops those no longer in the run's scope.
	 * @return the keys left unfollowed because the limit was reached; empty when every
	 * link was followed to its end
	 */
	private Set<String> addOtherChangesOfTheSameContacts(Map<Long, PreparedChange> byId, OtherChanges otherChanges) {
		Set<String> followed = new HashSet<>();
		Set<Long> chunkIds = new LinkedHashSet<>(byId.keySet());
		Collection<PreparedChange> found = new ArrayList<>(byId.values());
		while (true) {
			Set<String> customerIds = new LinkedHashSet<>();
			Set<String> externalIds = new LinkedHashSet<>();
			Set<String> unfollowed = new LinkedHashSet<>();
			for (PreparedChange prepared : found) {
				for (String key : linkKeys(prepared.change())) {
					if (followed.contains(key)) {
						continue;
					}
					if (followed.size() >= this.maxLinkedIds) {
						unfollowed.add(key);
						continue;
					}
					followed.add(key);
					(key.startsWith(CUSTOMER_ID) ? customerIds : externalIds).add(key.substring(key.indexOf(':') + 1));
				}
			}
			if (chunkIds.isEmpty() && customerIds.isEmpty() && externalIds.isEmpty()) {
				return unfollowed;
			}
			List<ContactChange> rows = otherChanges.find(chunkIds, customerIds, externalIds);
			if (!chunkIds.isEmpty()) {
				Set<Long> inScope = new HashSet<>();
				rows.forEach((row) -> inScope.add(row.changeId()));
				for (Long changeId : chunkIds) {
					if (!inScope.contains(changeId)) {
						logger.info("Change {} left the run's scope since it was read (withdrawn?): not sent",
								changeId);
						byId.remove(changeId);
					}
				}
				chunkIds = Set.of();
			}
			found = new ArrayList<>();
			for (ContactChange other : rows) {
				if (!byId.containsKey(other.changeId())) {
					PreparedChange prepared = this.processor.process(other);
					byId.put(other.changeId(), prepared);
					found.add(prepared);
				}
			}
			logger.debug("Merging {} further changes of the chunk's contacts", found.size());
			if (!unfollowed.isEmpty()) {
				// the ids that did not fit are not asked for; the changes they bring in
				// are not followed further either
				for (PreparedChange prepared : found) {
					for (String key : linkKeys(prepared.change())) {
						if (!followed.contains(key)) {
							unfollowed.add(key);
						}
					}
				}
				return unfollowed;
			}
		}
	}

	private static final String CUSTOMER_ID = "customer_id:";

	private static final String EXTERNAL_ID = "external_id:";

	/** The ids a change links others by: its customer_id and external_id, when set. */
	private static List<String> linkKeys(ContactChange change) {
		List<String> keys = new ArrayList<>(2);
		if (change.customerId() != null && !change.customerId().isBlank()) {
			keys.add(CUSTOMER_ID + change.customerId());
		}
		if (change.externalId() != null && !change.externalId().isBlank()) {
			keys.add(EXTERNAL_ID + change.externalId());
		}
		return keys;
	}

	/**
	 * Groups changes that share a customer_id or an external_id, each group in change_id
	 * order.
	 */
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
		List<String> keys = linkKeys(change);
		return keys.isEmpty() ? List.of("change:" + change.changeId()) : keys;
	}

	/** Why a contact's changes cannot be sent together, or {@code null}. */
	private String conflict(List<PreparedChange> contact, Set<String> unfollowed) {
		List<String> keys = contact.stream().flatMap((member) -> linkKeys(member.change()).stream()).toList();
		if (keys.stream().anyMatch((key) -> unfollowed.contains(key) || this.overLimit.contains(key))) {
			// remembered, so that the rest of the chain, read by a later chunk, is
			// rejected too
			this.overLimit.addAll(keys);
			this.overLimit.addAll(unfollowed);
			return "not sent: this contact's changes link more than " + this.maxLinkedIds
					+ " distinct customer_id and external_id values (a chain of changes naming ever other ids); "
					+ "check their ids";
		}
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
			return "cannot merge changes "
					+ contact.stream().map((c) -> String.valueOf(c.changeId())).collect(Collectors.joining(", "))
					+ " of one contact: they name "
					+ ((customerIds.size() > 1) ? "different customer_id" : "different external_id") + " values";
		}
		return null;
	}

	private static Set<String> distinct(List<PreparedChange> contact,
			java.util.function.Function<ContactChange, String> key) {
		return contact.stream()
			.map((prepared) -> key.apply(prepared.change()))
			.filter((value) -> value != null && !value.isBlank())
			.collect(Collectors.toSet());
	}

}
