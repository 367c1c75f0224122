package com.example.contactsync.dustess;

import java.util.function.Supplier;

import com.example.contactsync.system.InvalidConfigurationException;

/**
 * Chooses the credentials from the properties: a static token, or client credentials,
 * never both.
 */
final class AccessTokens {

	private AccessTokens() {
	}

	static AccessTokenProvider fromProperties(DustessProperties properties,
			Supplier<AccessTokenProvider> clientCredentials) {
		boolean partialClient = (properties.clientId() != null
				&& !properties.clientId().isBlank()) != (properties.clientSecret() != null
						&& !properties.clientSecret().isBlank());
		return new AccessTokenProvider() {

			private AccessTokenProvider delegate;

			@Override
			public synchronized String accessToken() {
				return delegate().accessToken();
			}

			@Override
			public synchronized boolean refreshable() {
				return delegate().refreshable();
			}

			@Override
			public synchronized void checkConfigured() {
				delegate();
			}

			@Override
			public synchronized void invalidate() {
				delegate().invalidate();
			}

			private AccessTokenProvider delegate() {
				if (this.delegate == null) {
					this.delegate = choose();
				}
				return this.delegate;
			}

			private AccessTokenProvider choose() {
				if (properties.hasAccessToken() && (properties.hasClientCredentials() || partialClient)) {
					throw new InvalidConfigurationException("Set either dustess.access-token (DUSTESS_ACCESS_TOKEN) "
							+ "or dustess.client-id and dustess.client-secret (DUSTESS_CLIENT_ID, DUSTESS_CLIENT_SECRET), not both");
				}
				if (partialClient) {
					throw new InvalidConfigurationException("dustess.client-id and dustess.client-secret "
							+ "(DUSTESS_CLIENT_ID, DUSTESS_CLIENT_SECRET) go together: one of them is not set");
				}
				if (properties.hasAccessToken()) {
					String token = properties.accessToken();
					return () -> token;
				}
				if (properties.hasClientCredentials()) {
					return clientCredentials.get();
				}
				throw new InvalidConfigurationException("No Dustess credentials: set dustess.access-token "
						+ "(DUSTESS_ACCESS_TOKEN), or dustess.client-id and dustess.client-secret (DUSTESS_CLIENT_ID, DUSTESS_CLIENT_SECRET)");
			}

		};
	}

}
