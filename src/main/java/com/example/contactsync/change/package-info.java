/**
 * The job's tables and their rows: {@code contact_change}, where upstream systems write
 * the changes and the job keeps each one's state
 * ({@link com.example.contactsync.change.ContactChange},
 * {@link com.example.contactsync.change.ContactChangeRepository}), and
 * {@code sync_outcome}, one row per change per call
 * ({@link com.example.contactsync.change.ItemOutcome},
 * {@link com.example.contactsync.change.SyncOutcomeRepository}); the scope of a run
 * ({@link com.example.contactsync.change.RunScope}). The DDL is in {@code sql/schema/}.
 */
package com.example.contactsync.change;
