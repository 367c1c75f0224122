package com.example.contactsync.job;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import com.example.contactsync.change.ContactChange;
import com.example.contactsync.change.ItemOutcome;
import com.example.contactsync.job.ChunkAssembler.Assembly;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The merge on its own: which changes travel together, in which order, and which are
 * rejected. The "rest of the backlog" is a list here; {@link #find} answers as the
 * repository's query does.
 */
class ChunkAssemblerTests {

	private final PrepareChangeProcessor processor = new PrepareChangeProcessor(new CustomerEntryFactory(
			JsonMapper.builder().build(), Clock.fixed(Instant.parse("2026-11-29T00:00:00Z"), ZoneOffset.UTC)));

	private final ChunkAssembler assembler = new ChunkAssembler(this.processor);

	/** The run's changes outside the chunk. */
	private final List<ContactChange> backlog = new ArrayList<>();

	/** What each look-up asked for: customer ids, external ids. */
	private final List<List<Set<String>>> lookups = new ArrayList<>();

	@Test
	void assembleWhenContactsAreDistinctThenOneEntryEachInChangeIdOrder() {
		Assembly assembly = assemble(change(3, null, "crm-c", "c"), change(1, null, "crm-a", "a"),
				change(2, "11111111-1111-1111-1111-111111111111", null, "b"));
		assertThat(assembly.rejections()).isEmpty();
		assertThat(assembly.submissions()).extracting(Submission::changeIds)
			.containsExactly(List.of(1L), List.of(2L), List.of(3L));
		assertThat(assembly.submissions()).extracting((s) -> s.entry().remark()).containsExactly("a", "b", "c");
	}

	@Test
	void assembleWhenTwoChangesShareACustomerIdThenOneEntryAndTheLaterChangeWinsPerField() {
		ContactChange first = new ContactChange(1, "cid-1", null, "old", "cat-1", null, null, "engineer", null, null,
				null, null, null, 1, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
				null, null, null);
		ContactChange second = new ContactChange(2, "cid-1", null, "new", null, null, null, null, null, null, null,
				null, null, 2, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
				null, null);
		Assembly assembly = assemble(second, first);
		assertThat(assembly.submissions()).singleElement().satisfies((submission) -> {
			assertThat(submission.changeIds()).containsExactly(1L, 2L);
			assertThat(submission.entry().id()).isEqualTo("cid-1");
			assertThat(submission.entry().remark()).isEqualTo("new");
			assertThat(submission.entry().gender()).isEqualTo(2);
			assertThat(submission.entry().categoryId()).isEqualTo("cat-1");
			assertThat(submission.entry().position()).isEqualTo("engineer");
		});
	}

	@Test
	void assembleWhenTwoChangesShareAnExternalIdThenMerged() {
		Assembly assembly = assemble(change(1, null, "crm-1", "a"), change(2, null, "crm-1", "b"));
		assertThat(assembly.submissions()).singleElement()
			.satisfies((submission) -> assertThat(submission.changeIds()).containsExactly(1L, 2L));
	}

	@Test
	void assembleWhenTheBacklogHoldsLaterChangesOfAChunkContactThenTheyJoinTheEntry() {
		this.backlog.add(change(7, null, "crm-1", "from the backlog"));
		this.backlog.add(change(8, null, "crm-2", "unrelated"));
		Assembly assembly = assemble(change(1, null, "crm-1", "in the chunk"));
		assertThat(assembly.submissions()).singleElement().satisfies((submission) -> {
			assertThat(submission.changeIds()).containsExactly(1L, 7L);
			assertThat(submission.entry().remark()).isEqualTo("from the backlog");
		});
	}

	@Test
	void assembleFollowsAChainThroughBothIdsAndAsksEachRoundOnlyForNewIds() {
		// 1 names the customer_id only; 5 adds the external_id; 9 arrives by external_id
		// only
		this.backlog.add(change(5, "cid-1", "crm-1", "second"));
		this.backlog.add(change(9, null, "crm-1", "third"));
		Assembly assembly = assemble(change(1, "cid-1", null, "first"));
		assertThat(assembly.rejections()).isEmpty();
		assertThat(assembly.submissions()).singleElement().satisfies((submission) -> {
			assertThat(submission.changeIds()).containsExactly(1L, 5L, 9L);
			assertThat(submission.entry().id()).isEqualTo("cid-1");
			assertThat(submission.entry().externalId()).isEqualTo("crm-1");
			assertThat(submission.entry().remark()).isEqualTo("third");
		});
		assertThat(this.lookups).containsExactly(List.of(Set.of("cid-1"), Set.of()),
				List.of(Set.of(), Set.of("crm-1")));
	}

	@Test
	void assembleWhenAChangeBridgesTwoEarlierGroupsThenAllThreeAreOneContact() {
		Assembly assembly = assemble(change(1, "cid-1", null, "a"), change(2, null, "crm-1", "b"),
				change(3, "cid-1", "crm-1", "c"));
		assertThat(assembly.submissions()).singleElement()
			.satisfies((submission) -> assertThat(submission.changeIds()).containsExactly(1L, 2L, 3L));
	}

	@Test
	void assembleWhenAContactsChangesNameDifferentCustomerIdsThenEveryOneRejectedAndTheRestSent() {
		Assembly assembly = assemble(change(1, "cid-1", "crm-1", "a"), change(2, "cid-2", "crm-1", "b"),
				change(3, null, "crm-9", "other"));
		assertThat(assembly.submissions()).extracting(Submission::changeIds).containsExactly(List.of(3L));
		assertThat(assembly.rejections()).extracting(ItemOutcome::changeId, ItemOutcome::message)
			.containsExactly(
					org.assertj.core.groups.Tuple.tuple(1L,
							"cannot merge changes 1, 2 of one contact: they name different customer_id values"),
					org.assertj.core.groups.Tuple.tuple(2L,
							"cannot merge changes 1, 2 of one contact: they name different customer_id values"));
	}

	@Test
	void assembleWhenAContactsChangesNameDifferentExternalIdsThenRejected() {
		Assembly assembly = assemble(change(1, "cid-1", "crm-1", "a"), change(2, "cid-1", "crm-2", "b"));
		assertThat(assembly.submissions()).isEmpty();
		assertThat(assembly.rejections()).extracting(ItemOutcome::message)
			.containsOnly("cannot merge changes 1, 2 of one contact: they name different external_id values");
	}

	@Test
	void assembleWhenOneChangeOfAContactIsRejectedThenItsSiblingsAreRejectedTooWithTheirOwnReason() {
		ContactChange bad = new ContactChange(2, null, "crm-1", null, null, null, null, null, null, null, null, null,
				null, 7, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
				null);
		Assembly assembly = assemble(change(1, null, "crm-1", "a"), bad, change(3, null, "crm-2", "c"));
		assertThat(assembly.submissions()).extracting(Submission::changeIds).containsExactly(List.of(3L));
		assertThat(assembly.rejections()).extracting(ItemOutcome::changeId, ItemOutcome::message)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(1L,
					"not sent: change 2 of the same contact was rejected; fix it and requeue this contact's changes together"),
					org.assertj.core.groups.Tuple.tuple(2L,
							"gender must be 0 (unknown), 1 (male) or 2 (female), was 7"));
	}

	@Test
	void assembleWhenAChangeHasNoIdThenRejectedAloneAndNeverGroupedWithAnother() {
		ContactChange noId = new ContactChange(1, " ", null, "x", null, null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
				null);
		ContactChange alsoNoId = new ContactChange(2, null, "", "y", null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
				null, null);
		Assembly assembly = assemble(noId, alsoNoId, change(3, null, "crm-1", "ok"));
		assertThat(assembly.rejections()).extracting(ItemOutcome::changeId).containsExactly(1L, 2L);
		assertThat(assembly.rejections()).extracting(ItemOutcome::message)
			.containsOnly("neither customer_id nor external_id is set: Dustess needs one of them");
		assertThat(assembly.submissions()).extracting(Submission::changeIds).containsExactly(List.of(3L));
	}

	@Test
	void assembleWhenAChainOfAlternatingIdsRunsThroughTheBacklogThenTheWholeChainIsRejectedAndTheRestSent() {
		// change i names customer_id c(i/2) and external_id e((i+1)/2): each links to the
		// next
		for (int i = 3; i <= 30; i++) {
			this.backlog.add(change(i, "c" + (i / 2), "e" + ((i + 1) / 2), "link " + i));
		}
		this.backlog.add(change(31, null, "crm-unrelated", "later, unrelated"));
		Assembly assembly = assemble(change(1, "c0", "e1", "link 1"), change(2, "c1", "e1", "link 2"),
				change(100, null, "crm-ok", "unrelated"));
		assertThat(assembly.submissions()).extracting(Submission::changeIds).containsExactly(List.of(100L));
		assertThat(assembly.rejections()).hasSize(30);
		assertThat(assembly.rejections()).extracting(ItemOutcome::message)
			.allSatisfy((reason) -> assertThat(reason).startsWith("cannot merge changes 1, 2, 3, 4,"));
	}

	@Test
	void assembleWhenAChainLinksMoreIdsThanTheLimitThenOnlyThatContactIsRejected() {
		ChunkAssembler limited = new ChunkAssembler(this.processor, 6);
		for (int i = 2; i <= 40; i++) {
			this.backlog.add(change(i, "c" + (i / 2), "e" + ((i + 1) / 2), "link " + i));
		}
		this.backlog.add(change(50, "cid-ok", "crm-ok", "merged with 51"));
		this.backlog.add(change(51, "cid-ok", null, "merged into 50"));
		this.backlog.add(change(1, "c0", "e1", "link 1"));
		this.backlog.add(change(49, null, "crm-ok", "ok"));
		List<PreparedChange> chunk = List.of(this.processor.process(change(1, "c0", "e1", "link 1")),
				this.processor.process(change(49, null, "crm-ok", "ok")));
		Assembly assembly = limited.assemble(chunk, this::find);
		assertThat(assembly.submissions()).extracting(Submission::changeIds).containsExactly(List.of(49L, 50L, 51L));
		assertThat(assembly.rejections()).isNotEmpty()
			.extracting(ItemOutcome::changeId)
			.contains(1L)
			.doesNotContain(49L, 50L, 51L);
		assertThat(assembly.rejections()).extracting(ItemOutcome::message)
			.containsOnly("not sent: this contact's changes link more than 6 distinct customer_id and external_id "
					+ "values (a chain of changes naming ever other ids); check their ids");
		assertThat(this.lookups)
			.allSatisfy((lookup) -> assertThat(lookup.get(0).size() + lookup.get(1).size()).isLessThanOrEqualTo(6));

		// the rest of the chain, read by a later chunk, is rejected too: it is the same
		// contact
		List<Long> rejected = assembly.rejections().stream().map(ItemOutcome::changeId).toList();
		this.backlog.removeIf((change) -> rejected.contains(change.changeId()) || change.changeId() >= 49);
		ContactChange rest = this.backlog.stream()
			.max(java.util.Comparator.comparingLong(ContactChange::changeId))
			.orElseThrow();
		Assembly later = limited.assemble(List.of(this.processor.process(rest)), this::find);
		assertThat(later.submissions()).isEmpty();
		assertThat(later.rejections()).extracting(ItemOutcome::changeId).contains(rest.changeId());
		assertThat(later.rejections()).extracting(ItemOutcome::message)
			.allSatisfy((reason) -> assertThat(reason).startsWith("not sent: this contact's changes link more than 6"));
	}

	@Test
	void assembleWhenAContactsChangesOutnumberTheChunkThenTheChunkCarriesEveryOneOfThem() {
		// a chunk of one change; its contact's five other changes, linked through both
		// ids, are further on in the backlog
		this.backlog.add(change(4, "cid-1", "crm-1", "b"));
		this.backlog.add(change(5, null, "crm-1", "c"));
		this.backlog.add(change(6, "cid-1", null, "d"));
		this.backlog.add(change(8, null, "crm-1", "e"));
		this.backlog.add(change(9, "cid-1", "crm-1", "f"));
		this.backlog.add(change(7, "cid-2", null, "another contact"));
		Assembly assembly = assemble(change(1, "cid-1", null, "a"));
		assertThat(assembly.rejections()).isEmpty();
		assertThat(assembly.submissions()).singleElement().satisfies((submission) -> {
			assertThat(submission.changeIds()).containsExactly(1L, 4L, 5L, 6L, 8L, 9L);
			assertThat(submission.entry().remark()).isEqualTo("f");
		});
	}

	@Test
	void assembleWhenAChangeOfTheChunkLeftTheRunsScopeSinceItWasReadThenItIsDropped() {
		ContactChange withdrawn = change(2, null, "crm-2", "withdrawn by an operator");
		Assembly assembly = this.assembler.assemble(
				List.of(this.processor.process(change(1, null, "crm-1", "a")), this.processor.process(withdrawn)),
				(changeIds, customerIds, externalIds) -> {
					assertThat(changeIds).containsExactly(1L, 2L);
					return List.of(change(1, null, "crm-1", "a"));
				});
		assertThat(assembly.submissions()).extracting(Submission::changeIds).containsExactly(List.of(1L));
		assertThat(assembly.rejections()).isEmpty();
	}

	@Test
	void assembleWhenAChangeOfAContactIsLockedElsewhereThenNoneOfThatContactIsSentOrRecorded() {
		this.backlog.add(change(5, null, "crm-1", "later change of crm-1, locked by an operator"));
		List<PreparedChange> chunk = List.of(this.processor.process(change(1, null, "crm-1", "a")),
				this.processor.process(change(2, null, "crm-2", "b")));
		this.backlog.add(change(1, null, "crm-1", "a"));
		this.backlog.add(change(2, null, "crm-2", "b"));
		Assembly assembly = this.assembler.assemble(chunk, new ChunkAssembler.OtherChanges() {
			@Override
			public List<ContactChange> find(Set<Long> changeIds, Set<String> customerIds, Set<String> externalIds) {
				return ChunkAssemblerTests.this.find(changeIds, customerIds, externalIds);
			}

			@Override
			public boolean lockedElsewhere(long changeId) {
				return changeId == 5;
			}
		});
		assertThat(assembly.submissions()).extracting(Submission::changeIds).containsExactly(List.of(2L));
		assertThat(assembly.rejections()).isEmpty();
		assertThat(assembly.heldElsewhere()).containsExactly(1L, 5L);
	}

	private Assembly assemble(ContactChange... chunk) {
		this.backlog.addAll(List.of(chunk));
		return this.assembler.assemble(List.of(chunk).stream().map(this.processor::process).toList(), this::find);
	}

	/**
	 * As the repository answers: the run's changes among the ids or naming the keys, in
	 * change_id order.
	 */
	private List<ContactChange> find(Set<Long> changeIds, Set<String> customerIds, Set<String> externalIds) {
		this.lookups.add(List.of(Set.copyOf(customerIds), Set.copyOf(externalIds)));
		return this.backlog.stream()
			.filter((change) -> changeIds.contains(change.changeId()) || customerIds.contains(change.customerId())
					|| externalIds.contains(change.externalId()))
			.sorted(java.util.Comparator.comparingLong(ContactChange::changeId))
			.toList();
	}

	private static ContactChange change(long id, String customerId, String externalId, String remark) {
		return new ContactChange(id, customerId, externalId, remark, null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
				null, null);
	}

}
