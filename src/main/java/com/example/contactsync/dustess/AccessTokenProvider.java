package com.example.contactsync.dustess;

import com.example.contactsync.system.InvalidConfigurationException;

/**
 * Supplies the access token for each call.
 */
interface AccessTokenProvider {

	/**
	 * The token to send now; never {@code null}.
	 * @throws InvalidConfigurationException if no token can be had from the configuration
	 */
	String accessToken();

	/** Whether {@link #invalidate()} can lead to a different token. */
	default boolean refreshable() {
		return false;
	}

	/**
	 * Checks that the configuration can give a token, without fetching one.
	 * @throws InvalidConfigurationException if it cannot
	 */
	default void checkConfigured() {
	}

	/** Forgets the current token: the API refused it. */
	default void invalidate() {
	}

}
