/**
 * The client of the Dustess open API:
 * {@link com.example.contactsync.dustess.DustessClient} ({@code batchEditCustomer},
 * retries and back-off), built by {@link com.example.contactsync.dustess.DustessClients}
 * from {@link com.example.contactsync.dustess.DustessProperties} ({@code dustess.*}).
 * Around it: the credentials (a static token or client credentials exchanged for tokens),
 * the token added to the URL as the very last step, the
 * {@link com.example.contactsync.dustess.CallGate} rate limit, the one mapping of HTTP
 * failures to {@link com.example.contactsync.dustess.DustessApiException}, the rules for
 * a safe base URL, and the health indicator. No secret reaches a log line, an exception
 * message or a table.
 */
package com.example.contactsync.dustess;
