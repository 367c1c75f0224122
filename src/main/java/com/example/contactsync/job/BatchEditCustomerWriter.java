package com.example.contactsync.job;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import com.example.contactsync.change.ContactChangeRepository;
import com.example.contactsync.change.ItemOutcome;
import com.example.contactsync.change.SyncOutcomeRepository;
import com.example.contactsync.dustess.DustessClient;
import com.example.contactsync.dustess.payload.BatchEditCustomerResponse;
import com.example.contactsync.dustess.payload.CustomerEntry;

/**
 * Sends the sendable changes of a chunk in exactly one {@code batchEditCustomer} call, then records
 * the outcome of every change of the chunk (rejected ones included) in {@code sync_outcome} and
 * {@code contact_change}, in the chunk's transaction.
 * <p>
 * Per-item failures are recorded, never thrown: a thrown exception would make Spring Batch
 * re-send the chunk. A failure of the whole call ({@link com.example.contactsync.dustess.DustessApiException})
 * propagates and fails the step with nothing of the chunk marked, so a restart sends it again.
 */
public class BatchEditCustomerWriter implements ItemWriter<PreparedChange> {

	private static final Logger logger = LoggerFactory.getLogger(BatchEditCustomerWriter.class);

	private final DustessClient client;

	private final ContactChangeRepository changes;

	private final SyncOutcomeRepository outcomes;

	private final long jobExecutionId;

	public BatchEditCustomerWriter(DustessClient client, ContactChangeRepository changes,
			SyncOutcomeRepository outcomes, long jobExecutionId) {
		this.client = client;
		this.changes = changes;
		this.outcomes = outcomes;
		this.jobExecutionId = jobExecutionId;
	}

	@Override
	public void write(Chunk<? extends PreparedChange> chunk) {
		List<ItemOutcome> results = new ArrayList<>(chunk.size());
		List<PreparedChange.Sendable> sendable = new ArrayList<>(chunk.size());
		for (PreparedChange change : chunk) {
			if (change instanceof PreparedChange.Sendable entry) {
				sendable.add(entry);
			}
			else if (change instanceof PreparedChange.Rejected rejected) {
				results.add(ItemOutcome.rejected(rejected.changeId(), rejected.reason()));
			}
		}
		if (!sendable.isEmpty()) {
			String callId = UUID.randomUUID().toString();
			List<CustomerEntry> entries = sendable.stream().map(PreparedChange.Sendable::entry).toList();
			logger.debug("Call {}: sending {} entries (changes {}..{})", callId, entries.size(),
					sendable.get(0).changeId(), sendable.get(sendable.size() - 1).changeId());
			BatchEditCustomerResponse response = this.client.batchEditCustomer(entries);
			results.addAll(ResponseItemMapper.map(sendable, callId, response));
		}
		this.outcomes.insert(this.jobExecutionId, results);
		this.changes.applyOutcomes(results);
	}

}
