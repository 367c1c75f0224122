/**
 * The built-in sandbox of the Dustess API, profile {@code sandbox} only: a loopback HTTP
 * server that answers {@code batchEditCustomer} as the API document says, and demo
 * changes seeded into an empty {@code contact_change}. It refuses to start unless the
 * database is H2 and {@code dustess.base-url} is the sandbox itself. The tests extend the
 * server with faults and the token exchange (in {@code src/test}, not in the jar).
 */
package com.example.contactsync.sandbox;
