package com.example.contactsync.operations;

/**
 * Published by {@link SyncRunner} when an attempt to run a date has ended, whatever its
 * result: completed, failed or stopped, or refused because the date had completed or
 * another run was in progress.
 *
 * @param result what the attempt did
 */
public record RunEnded(RunResult result) {

}
