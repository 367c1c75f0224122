/**
 * contact-sync: a Spring Batch job that sends the pending contact changes of the
 * company's database to the Dustess SCRM, one {@code batchEditCustomer} call per chunk,
 * and records the outcome of every change.
 * <p>
 * One package per concern:
 * <ul>
 * <li>{@link com.example.contactsync.job} — the job: read, prepare, merge, send, record
 * (start here: its documentation states the chain);</li>
 * <li>{@link com.example.contactsync.change} — the tables {@code contact_change} and
 * {@code sync_outcome} and their rows;</li>
 * <li>{@link com.example.contactsync.dustess} — the Dustess API client: credentials,
 * retries, rate limit, the one mapping of HTTP failures to exceptions; its wire records
 * in {@link com.example.contactsync.dustess.payload};</li>
 * <li>{@link com.example.contactsync.operations} — running, stopping and recovering the
 * job one run at a time, the dry run, the run history and the queries behind the
 * commands;</li>
 * <li>{@link com.example.contactsync.cli} — the command line (picocli) and its exit
 * codes;</li>
 * <li>{@link com.example.contactsync.schema} — the Flyway migrations (the SQL lives in
 * {@code sql/schema/});</li>
 * <li>{@link com.example.contactsync.logging} — masking personal data in every log
 * line;</li>
 * <li>{@link com.example.contactsync.sandbox} — the built-in stand-in for the API,
 * profile {@code sandbox} only.</li>
 * </ul>
 */
package com.example.contactsync;
