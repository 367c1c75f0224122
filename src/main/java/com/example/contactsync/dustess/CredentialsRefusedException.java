package com.example.contactsync.dustess;

import com.example.contactsync.system.InvalidConfigurationException;

/**
 * Dustess refused the credentials: HTTP 401 or 403, or its invalid-token answer
 * ({@code success: false} with a code of {@link DustessApiException#INVALID_TOKEN_CODES}
 * and no per-item results), for the static token, or for client credentials after one new
 * token. A setting to fix, not an outage: the run ends FAILED with this message in its
 * history, and the command with exit code 2. The message names the settings, never a
 * secret's value, and always starts with {@value #MESSAGE_START}.
 */
public class CredentialsRefusedException extends InvalidConfigurationException {

	/** How every message of this exception starts. */
	public static final String MESSAGE_START = "Dustess refused ";

	CredentialsRefusedException(String message) {
		super(message);
		if (!message.startsWith(MESSAGE_START)) {
			throw new IllegalArgumentException("The message must start with '" + MESSAGE_START + "'");
		}
	}

	/**
	 * Whether a run's failure description (its exit message, or a partition's) says that
	 * Dustess refused the credentials.
	 */
	public static boolean describes(String description) {
		return description != null && description.contains(MESSAGE_START);
	}

}
