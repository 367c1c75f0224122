/**
 * The sync job, {@code contactSyncJob}, wired by
 * {@link com.example.contactsync.job.ContactSyncJobConfiguration} (wiring only; the logic
 * is in plain classes, each testable without Spring): a partitioned step that splits the
 * run's changes by contact ({@link com.example.contactsync.change.Contacts}, the same
 * notion the assembler uses) into {@code contact-sync.concurrency} partitions
 * ({@link com.example.contactsync.job.ContactPartitions},
 * {@link com.example.contactsync.job.ContactPartitioner}) and runs them side by side,
 * each a chunk-oriented step that knows nothing of the split but its reader. A chunk goes
 * through this chain:
 * <ol>
 * <li><b>reader</b> — {@link com.example.contactsync.job.PendingChanges}: the run's
 * {@code PENDING} and {@code FAILED} changes in {@code change_id} order (keyset paging,
 * no state of its own: a change leaves the query when it is recorded). The run's scope is
 * fixed when the job instance first starts
 * ({@link com.example.contactsync.job.RunScopeListener}) and read back on restart;</li>
 * <li><b>processor</b> — {@link com.example.contactsync.job.PrepareChangeProcessor} with
 * {@link com.example.contactsync.job.CustomerEntryFactory}: each row becomes its
 * {@code customer_list} entry, checked against the API's parameter table, or a rejection
 * with the reason ({@link com.example.contactsync.job.PreparedChange}); nothing is
 * filtered;</li>
 * <li><b>writer</b> — {@link com.example.contactsync.job.BatchEditCustomerWriter}, which
 * for the chunk calls in turn:
 * <ol>
 * <li><b>assembler</b> — {@link com.example.contactsync.job.ChunkAssembler}: one entry
 * per contact, its changes of the run merged (also those further on in the backlog), a
 * contact that cannot be merged rejected whole
 * ({@link com.example.contactsync.job.Submission});</li>
 * <li><b>client</b> — {@link com.example.contactsync.dustess.DustessClient}: exactly one
 * {@code batchEditCustomer} call, with retries of passing failures; a failure of the
 * whole call propagates and fails the step with nothing of the chunk recorded;</li>
 * <li><b>result mapping</b> — {@link com.example.contactsync.job.ResponseItemMapper}: the
 * answer's per-item results matched to the entries by {@code index}, each change's
 * {@link com.example.contactsync.change.ItemOutcome} ({@code UNKNOWN} when the answer
 * does not say);</li>
 * <li><b>repositories</b> —
 * {@link com.example.contactsync.change.ContactChangeRepository#recordOutcomes} writes a
 * {@code sync_outcome} row per change and moves each change to its new state, in the
 * chunk's transaction (on PostgreSQL in one statement).</li>
 * </ol>
 * </li>
 * </ol>
 * Per-item failures are recorded, never thrown, so Spring Batch never re-sends a chunk
 * item by item. Beside the chain: {@link com.example.contactsync.job.RunProgress} (the
 * progress line), {@link com.example.contactsync.job.SyncMetrics} (counters),
 * {@link com.example.contactsync.job.FailureDescriptions} (the cause in
 * {@code EXIT_MESSAGE}) and {@link com.example.contactsync.job.ContactSyncProperties}
 * ({@code contact-sync.*}).
 * <p>
 * {@link com.example.contactsync.job.DryRun} ({@code run --dry-run}) executes the same
 * step definition ({@code ContactSyncJobConfiguration.chunkStep}) with the same reader,
 * processor and assembler, on a resourceless job repository, and tallies each chunk's
 * plan instead of sending it: the dry run cannot drift from the run.
 */
package com.example.contactsync.job;
