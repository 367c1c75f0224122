/**
 * contact-sync: a Spring Batch job that sends the pending contact changes of the
 * company's database to the Dustess SCRM, one {@code batchEditCustomer} call per chunk,
 * and records the outcome of every change.
 * <p>
 * One package per concern, from the top down (a package imports only those below it):
 * <ul>
 * <li>{@link com.example.contactsync.cli} — the command line (picocli) and its exit
 * codes;</li>
 * <li>{@link com.example.contactsync.remote} — remote partitioning: a run's partitions
 * executed by {@code contact-sync worker} processes on other machines, their heartbeats,
 * the watch for lost partitions;</li>
 * <li>{@link com.example.contactsync.monitoring} — the gauges of the newest run, the
 * backlog and the changes that need a person, for Prometheus; pushing a command's metrics
 * to a Pushgateway;</li>
 * <li>{@link com.example.contactsync.operations} — running, stopping and recovering the
 * job one run at a time, the run history and the queries behind the commands;</li>
 * <li>{@link com.example.contactsync.job} — the job: read, prepare, merge, send, record,
 * its split into partitions by contact, and the dry run (start here: its documentation
 * states the chain);</li>
 * <li>{@link com.example.contactsync.capture} — source mode: the capture step in front of
 * the sync, which compares the company's own contact table or view with what the last
 * capture took and writes the changes, only the fields that changed;</li>
 * <li>{@link com.example.contactsync.schema} — the Flyway migrations (the SQL lives in
 * {@code sql/schema/}) and H2's guard of a waiting change;</li>
 * <li>{@link com.example.contactsync.change} — the tables {@code contact_change} and
 * {@code sync_outcome} and their rows, and which changes belong to one contact
 * ({@link com.example.contactsync.change.Contacts});</li>
 * <li>{@link com.example.contactsync.sandbox} — the built-in stand-in for the API,
 * profile {@code sandbox} only;</li>
 * <li>{@link com.example.contactsync.dustess} — the Dustess API client: credentials,
 * retries, rate limit, the one mapping of HTTP failures to exceptions; its wire records
 * in {@link com.example.contactsync.dustess.payload};</li>
 * <li>{@link com.example.contactsync.logging} — removing secrets and masking personal
 * data in every log line and everything printed;</li>
 * <li>{@link com.example.contactsync.system} — what every package may use: the exception
 * for a wrong setting, which database this is.</li>
 * </ul>
 */
package com.example.contactsync;
