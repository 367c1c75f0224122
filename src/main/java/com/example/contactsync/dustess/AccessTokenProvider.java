package com.example.contactsync.dustess;

/**
 * Supplies the access token for each call.
 */
@FunctionalInterface
public interface AccessTokenProvider {

	/**
	 * The token to send now; never {@code null}.
	 * @throws InvalidConfigurationException if no token can be had from the configuration
	 */
	String accessToken();

}
