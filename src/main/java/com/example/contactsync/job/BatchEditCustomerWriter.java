package com.example.contactsync.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

import com.example.contactsync.change.ContactChangeRepository;
import com.example.contactsync.change.ItemOutcome;
import com.example.contactsync.change.RateLimitedCalls;
import com.example.contactsync.change.RunScope;
import com.example.contactsync.dustess.CredentialsRefusedException;
import com.example.contactsync.dustess.DustessClient;
import com.example.contactsync.dustess.payload.BatchEditCustomerResponse;
import com.example.contactsync.logging.SettledFailureFilter;
import com.example.contactsync.dustess.payload.CustomerEntry;

/**
 * Sends a chunk in exactly one {@code batchEditCustomer} call — one entry per contact,
 * its changes merged ({@link ChunkAssembler}) — then records the outcome of every change
 * (rejected ones included) in {@code sync_outcome}, with the partition that made the call
 * (its step execution), and in {@code contact_change}, in the chunk's transaction
 * ({@link ContactChangeRepository#recordOutcomes}).
 * <p>
 * Per-item failures are recorded, never thrown: a thrown exception would make Spring
 * Batch re-send the chunk. A failure of the whole call
 * ({@link com.example.contactsync.dustess.DustessApiException}, after the client's
 * retries) propagates and fails the step with nothing of the chunk marked, so a restart
 * sends it again. The answers HTTP 429 the call met on the way are recorded either way
 * ({@link RateLimitedCalls}).
 */
class BatchEditCustomerWriter implements ItemWriter<PreparedChange> {

	private static final Logger logger = LoggerFactory.getLogger(BatchEditCustomerWriter.class);

	private final DustessClient client;

	private final ChunkAssembler assembler;

	private final ContactChangeRepository changes;

	private final Set<Integer> permanentCodes;

	private final ContactSyncProperties properties;

	private final long jobExecutionId;

	private final LockingLookup.Settings locking;

	private final RunProgress progress;

	private final SyncMetrics metrics;

	private final RateLimitedCalls rateLimitedCalls;

	private final StepExecution partition;

	private final PartitionFence fence;

	/**
	 * @param partition the step execution this writer sends the chunks of
	 * @param fence asked before each attempt of each call whether this process still
	 * executes {@code partition}
	 */
	public BatchEditCustomerWriter(DustessClient client, ChunkAssembler assembler, ContactChangeRepository changes,
			ContactSyncProperties properties, StepExecution partition, RunScope scope, RunProgress progress,
			SyncMetrics metrics, StopRequests stopRequests, RateLimitedCalls rateLimitedCalls, PartitionFence fence) {
		long jobExecutionId = partition.getJobExecutionId();
		this.rateLimitedCalls = rateLimitedCalls;
		this.partition = partition;
		this.fence = fence;
		this.client = client;
		this.assembler = assembler;
		this.changes = changes;
		this.permanentCodes = Set.copyOf(properties.permanentCodes());
		this.properties = properties;
		this.jobExecutionId = jobExecutionId;
		this.locking = new LockingLookup.Settings(changes, scope, properties.rowLockWait(),
				properties.progressInterval(), () -> stopRequests.requested(jobExecutionId));
		this.progress = progress;
		this.metrics = metrics;
	}

	@Override
	public void write(Chunk<? extends PreparedChange> chunk) {
		// the changes to send are locked until their outcomes are recorded, in this
		// transaction; a change another session holds locked is waited for a bounded
		// time, then its contact is left out
		LockingLookup lookup = this.locking.newLookup();
		ChunkAssembler.Assembly assembly = this.assembler.assemble(chunk.getItems(), lookup);
		if (lookup.stopRequested()) {
			// nothing sent, nothing recorded: the step stops at this chunk's end, and the
			// reader, which keeps no position, finds the chunk again when the date
			// resumes
			return;
		}
		List<ItemOutcome> results = new ArrayList<>(assembly.rejections());
		List<Submission> submissions = assembly.submissions();
		if (!submissions.isEmpty()) {
			String callId = UUID.randomUUID().toString();
			List<CustomerEntry> entries = submissions.stream().map(Submission::entry).toList();
			logger.debug("Call {}: sending {} entries", callId, entries.size());
			BatchEditCustomerResponse response;
			int[] rateLimited = new int[1];
			try {
				response = this.client.batchEditCustomer(entries, new DustessClient.Observer() {

					@Override
					public void sending() {
						BatchEditCustomerWriter.this.fence.check(BatchEditCustomerWriter.this.partition);
					}

					@Override
					public void rateLimited() {
						rateLimited[0]++;
					}

				});
			}
			catch (CredentialsRefusedException ex) {
				// a setting to fix: the command says so in one line, the run's history
				// keeps
				// it; every partition's stack traces would only repeat it
				SettledFailureFilter.settled();
				throw ex;
			}
			finally {
				if (rateLimited[0] > 0) {
					this.rateLimitedCalls.record(this.jobExecutionId, callId, rateLimited[0]);
				}
			}
			results.addAll(ResponseItemMapper.map(submissions, callId, response));
		}
		List<Long> untouched = this.changes.recordOutcomes(this.jobExecutionId, this.partition.getId(), results,
				this.properties.maxAttempts(), this.permanentCodes);
		if (!untouched.isEmpty()) {
			logger.warn("Changes {} were withdrawn by another process while their call was in flight: their outcome "
					+ "is recorded in sync_outcome, their state is left as that process set it", untouched);
		}
		this.progress.recorded(results, !submissions.isEmpty());
		this.metrics.recorded(results);
	}

}
