/**
 * Source mode: the capture step that compares the company's own contact table or view
 * ({@code contact-sync.source.relation}) with what the last capture took, and writes a
 * {@code contact_change} for each new or changed contact carrying only the fields that
 * changed. Wired in front of the sync step by the job's configuration; it writes through
 * {@code contact_change} like any upstream system.
 */
package com.example.contactsync.capture;
