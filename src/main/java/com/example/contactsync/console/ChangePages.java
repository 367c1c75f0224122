package com.example.contactsync.console;

import java.util.List;
import java.util.Objects;

import com.example.contactsync.monitoring.RunFactsQueries;
import com.example.contactsync.operations.OperationsQueries;
import com.example.contactsync.operations.OperationsQueries.ChangeHistory;
import com.example.contactsync.operations.OperationsQueries.OutcomeRow;

/**
 * What the pages about changes show: the backlog, as the gauges read it
 * ({@link RunFactsQueries}); a contact's story, every change of the contact
 * ({@link ConsoleQueries}) read as {@code show} reads it
 * ({@link OperationsQueries#change}), every text that may hold personal data masked as in
 * the logs.
 */
class ChangePages {

	private final RunFactsQueries facts;

	private final ConsoleQueries queries;

	private final OperationsQueries operations;

	ChangePages(RunFactsQueries facts, ConsoleQueries queries, OperationsQueries operations) {
		this.facts = facts;
		this.queries = queries;
		this.operations = operations;
	}

	/** The changes per state and the oldest waiting one. */
	RunFactsQueries.Backlog backlog() {
		return this.facts.backlog();
	}

	/**
	 * A contact's story: its changes, oldest first, each with every call that carried it
	 * and the partition that made the call; empty when no change has that key.
	 * @param key an external id, a Dustess id, or the id Dustess answered with
	 */
	List<ChangeHistory> story(String key) {
		return this.queries.contactChanges(key)
			.stream()
			.map(this.operations::change)
			.filter(Objects::nonNull)
			.map(ChangePages::masked)
			.toList();
	}

	/**
	 * The partition of an outcome as the run's page names it ({@code partition 1}); its
	 * step execution's id once the run's steps are purged; {@code null} in rows from
	 * before V26 kept it.
	 */
	private static String partition(OutcomeRow outcome) {
		if (outcome.partition() != null) {
			return RunPages.label(outcome.partition());
		}
		return (outcome.stepExecutionId() != null) ? "step " + outcome.stepExecutionId() : null;
	}

	private static ChangeHistory masked(ChangeHistory change) {
		return new ChangeHistory(change.changeId(), RunPages.mask(change.customerId()),
				RunPages.mask(change.externalId()), change.state(), change.attempts(), change.lastCode(),
				RunPages.mask(change.lastMessage()), change.createdAt(), change.attemptedAt(), change.syncedAt(),
				change.outcomes()
					.stream()
					.map((o) -> new OutcomeRow(o.run(), o.runDate(), o.stepExecutionId(), partition(o), o.callId(),
							o.requestIndex(), o.outcome(), o.code(), RunPages.mask(o.message()),
							RunPages.mask(o.contactId()), o.recordedAt()))
					.toList());
	}

}
