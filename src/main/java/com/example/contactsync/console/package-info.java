/**
 * The ops console: server-side pages under {@code /console} of {@code serve} (and
 * {@code worker}) behind a form login — the runs, a run's partitions and failures, the
 * backlog, one contact's whole story — and the actions stop, restart, recover and
 * requeue, taken through the same {@code operations} code as the commands and recorded in
 * {@code contact_sync_console_action}. Off unless {@code contact-sync.console.users}
 * names a user. Everything shown passes through the logs' mask of personal data.
 */
package com.example.contactsync.console;
