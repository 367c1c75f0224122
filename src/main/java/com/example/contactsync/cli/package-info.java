/**
 * The command line: {@link com.example.contactsync.cli.ContactSyncCli} parses the command
 * with picocli before the application starts, then runs it in a Spring context. One class
 * per command ({@code run}, {@code restart}, {@code stop}, {@code recover},
 * {@code status}, {@code failures}, {@code show}, {@code requeue}, {@code serve}); they
 * print and choose the exit code, the work is done in
 * {@link com.example.contactsync.operations}.
 * {@link com.example.contactsync.cli.ExitCodes} is the one description of the exit codes.
 */
package com.example.contactsync.cli;
