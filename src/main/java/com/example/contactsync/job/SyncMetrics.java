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

	private final java.util.Map<Outcome, Counter> items = new java.util.EnumMap<>(Outcome.class);

	public SyncMetrics(MeterRegistry registry) {
		this.registry = registry;
		for (Outcome outcome : Outcome.values()) {
			this.items.put(outcome, items(outcome));
		}
	}

	/** Counts a chunk's outcomes: one increment per outcome and code, not per item. */
	public void recorded(List<ItemOutcome> outcomes) {
		java.util.Map<Outcome, Long> byOutcome = new java.util.EnumMap<>(Outcome.class);
		java.util.Map<String, Long> byCode = new java.util.HashMap<>();
		for (ItemOutcome outcome : outcomes) {
			byOutcome.merge(outcome.outcome(), 1L, Long::sum);
			if (outcome.outcome() != Outcome.SUCCEEDED && outcome.code() != null) {
				byCode.merge(outcome.outcome().name() + ":" + outcome.code(), 1L, Long::sum);
			}
		}
		byOutcome.forEach((outcome, count) -> this.items.get(outcome).increment(count));
		byCode.forEach((key, count) -> {
			int colon = key.indexOf(':');
			Counter.builder("contact.sync.item.codes")
				.description("Items that did not succeed, by Dustess code")
				.tag("outcome", key.substring(0, colon))
				.tag("code", key.substring(colon + 1))
				.register(this.registry)
				.increment(count);
		});
	}

	private Counter items(Outcome outcome) {
		return Counter.builder("contact.sync.items")
			.description("Changes recorded by the sync, by outcome")
			.tag("outcome", outcome.name())
			.register(this.registry);
	}

}
