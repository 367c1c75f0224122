package com.example.contactsync.job;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import com.example.contactsync.change.ItemOutcome;
import com.example.contactsync.change.Outcome;

/**
 * Counters of the sync: {@code contact.sync.items} per outcome, and
 * {@code contact.sync.item.codes} per Dustess code of items that did not succeed.
 */
class SyncMetrics {

	private final MeterRegistry registry;

	public SyncMetrics(MeterRegistry registry) {
		this.registry = registry;
		for (Outcome outcome : Outcome.values()) {
			items(outcome);
		}
	}

	public void recorded(List<ItemOutcome> outcomes) {
		for (ItemOutcome outcome : outcomes) {
			items(outcome.outcome()).increment();
			if (outcome.outcome() != Outcome.SUCCEEDED && outcome.code() != null) {
				Counter.builder("contact.sync.item.codes")
					.description("Items that did not succeed, by Dustess code")
					.tag("outcome", outcome.outcome().name())
					.tag("code", String.valueOf(outcome.code()))
					.register(this.registry)
					.increment();
			}
		}
	}

	private Counter items(Outcome outcome) {
		return Counter.builder("contact.sync.items")
			.description("Changes recorded by the sync, by outcome")
			.tag("outcome", outcome.name())
			.register(this.registry);
	}

}
