package com.example.contactsync.job;

/**
 * A change cannot be sent as it is. The message says which column and why, and never
 * repeats the offending value (it may be personal data).
 */
class InvalidChangeException extends RuntimeException {

	InvalidChangeException(String message) {
		super(message);
	}

}
