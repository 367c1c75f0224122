package com.example.contactsync.capture;

import com.example.contactsync.system.InvalidConfigurationException;

/**
 * The source cannot be captured as it is: unknown columns, NULL or repeated keys, or more
 * keys gone than {@code contact-sync.source.max-gone-share}. Nothing was written; the
 * message gives the numbers (and masked examples, never raw personal data). A run ends
 * with exit code 2 for it.
 */
public class SourceRefusedException extends InvalidConfigurationException {

	/** How every message of this exception begins, for a run's failure description. */
	public static final String MESSAGE_START = "The source was refused: ";

	public SourceRefusedException(String reason) {
		super(MESSAGE_START + reason);
	}

	/** Whether a run's failure description is this refusal. */
	public static boolean describes(String description) {
		return description != null && description.contains(MESSAGE_START);
	}

}
