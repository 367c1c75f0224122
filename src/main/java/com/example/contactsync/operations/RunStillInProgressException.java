package com.example.contactsync.operations;

/**
 * A run whose manager died still has partitions under way on live workers: recovering it
 * now would fail them under a worker that goes on.
 */
public class RunStillInProgressException extends RuntimeException {

	public RunStillInProgressException(String message) {
		super(message);
	}

}
