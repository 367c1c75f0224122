package com.example.contactsync.job;

import java.util.ArrayList;
import java.util.Collection;
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
import com.example.contactsync.change.ContactKey;
import com.example.contactsync.change.ContactKey.Kind;
import com.example.contactsync.change.Contacts;
import com.example.contactsync.change.ItemOutcome;
import com.example.contactsync.dustess.payload.CustomerEntry;

/**
 * Turns a chunk of prepared changes into the entries of one call: a contact appears at
 * most once. The run's other changes of each contact — same {@code customer_id} or same
 * {@code external_id}, directly or through a chain of changes ({@link Contacts}), also
 * those further on in the backlog — join the chunk and are merged into one entry, field
 * by field, the later {@code change_id} winning. So two changes of one contact never
 * travel in different calls, and never out of order.
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
	private final Set<ContactKey> overLimit = new HashSet<>();

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
		Set<ContactKey> unfollowed = addEveryPendingChangeOfTheirContacts(byId, otherChanges);
		List<Submission> submissions = new ArrayList<>();
		List<ItemOutcome> rejections = new ArrayList<>();
		List<Long> heldElsewhere = new ArrayList<>();
		for (List<PreparedChange> contact : Contacts.group(byId.values(), PreparedChange::change)) {
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
	 * A chunk carries every pending change of each contact it touches: asks for the
	 * changes that name the ids of those found so far, until no new id turns up (or the
	 * limit is reached). The first look-up also confirms the chunk's own changes.
	 * @return the ids left unfollowed because the limit was reached; empty when every
	 * link was followed to its end
	 */
	private Set<ContactKey> addEveryPendingChangeOfTheirContacts(Map<Long, PreparedChange> byId,
			OtherChanges otherChanges) {
		IdsToFollow ids = new IdsToFollow(this.maxLinkedIds);
		Set<Long> toConfirm = new LinkedHashSet<>(byId.keySet());
		Collection<PreparedChange> found = new ArrayList<>(byId.values());
		while (ids.unfollowed.isEmpty()) {
			List<ContactKey> newIds = ids.follow(found);
			if (toConfirm.isEmpty() && newIds.isEmpty()) {
				break;
			}
			List<ContactChange> rows = otherChanges.find(toConfirm, values(newIds, Kind.CUSTOMER_ID),
					values(newIds, Kind.EXTERNAL_ID));
			dropThoseThatLeftTheScope(byId, toConfirm, rows);
			toConfirm = Set.of();
			found = prepareTheNewOnes(byId, rows);
		}
		// past the limit, the ids of the changes found last are not followed either
		ids.follow(found);
		return ids.unfollowed;
	}

	private void dropThoseThatLeftTheScope(Map<Long, PreparedChange> byId, Set<Long> toConfirm,
			List<ContactChange> rows) {
		if (toConfirm.isEmpty()) {
			return;
		}
		Set<Long> inScope = new HashSet<>();
		rows.forEach((row) -> inScope.add(row.changeId()));
		for (Long changeId : toConfirm) {
			if (!inScope.contains(changeId)) {
				logger.info("Change {} left the run's scope since it was read (withdrawn?): not sent", changeId);
				byId.remove(changeId);
			}
		}
	}

	private List<PreparedChange> prepareTheNewOnes(Map<Long, PreparedChange> byId, List<ContactChange> rows) {
		List<PreparedChange> found = new ArrayList<>();
		for (ContactChange other : rows) {
			if (!byId.containsKey(other.changeId())) {
				PreparedChange prepared = this.processor.process(other);
				byId.put(other.changeId(), prepared);
				found.add(prepared);
			}
		}
		logger.debug("Merging {} further changes of the chunk's contacts", found.size());
		return found;
	}

	private static Set<String> values(List<ContactKey> keys, Kind kind) {
		Set<String> values = new LinkedHashSet<>();
		for (ContactKey key : keys) {
			if (key.kind() == kind) {
				values.add(key.value());
			}
		}
		return values;
	}

	/**
	 * The ids followed so far, at most a limit of them; those past the limit are
	 * unfollowed.
	 */
	private static final class IdsToFollow {

		private final int limit;

		private final Set<ContactKey> followed = new HashSet<>();

		private final Set<ContactKey> unfollowed = new LinkedHashSet<>();

		IdsToFollow(int limit) {
			this.limit = limit;
		}

		/** The ids of the changes not followed yet, those within the limit. */
		List<ContactKey> follow(Collection<PreparedChange> changes) {
			List<ContactKey> newIds = new ArrayList<>();
			for (PreparedChange prepared : changes) {
				for (ContactKey key : ContactKey.of(prepared.change())) {
					if (this.followed.contains(key)) {
						continue;
					}
					if (this.followed.size() < this.limit) {
						this.followed.add(key);
						newIds.add(key);
					}
					else {
						this.unfollowed.add(key);
					}
				}
			}
			return newIds;
		}

	}

	/** Why a contact's changes cannot be sent together, or {@code null}. */
	private String conflict(List<PreparedChange> contact, Set<ContactKey> unfollowed) {
		List<ContactKey> keys = contact.stream().flatMap((member) -> ContactKey.of(member.change()).stream()).toList();
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
