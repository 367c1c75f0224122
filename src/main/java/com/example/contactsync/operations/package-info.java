/**
 * Running the job and looking at what it did, for the commands and the service mode:
 * {@link com.example.contactsync.operations.SyncRunner} runs, stops and recovers a date's
 * run, one at a time across processes and machines
 * ({@link com.example.contactsync.operations.RunLock}); the run history and the queries
 * behind {@code status}, {@code failures}, {@code show} and {@code requeue}, on the ops
 * views of {@code sql/schema/common/V3__ops_views.sql}; the schedule of {@code serve}.
 */
package com.example.contactsync.operations;
