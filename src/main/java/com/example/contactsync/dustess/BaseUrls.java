package com.example.contactsync.dustess;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import com.example.contactsync.logging.Secrets;
import com.example.contactsync.system.InvalidConfigurationException;

/**
 * Rules for {@code dustess.base-url}: the token travels in the query string, so it may
 * only go over TLS, or in plain HTTP to this machine.
 */
final class BaseUrls {

	private BaseUrls() {
	}

	/**
	 * @throws InvalidConfigurationException if the URL is not {@code https} and not
	 * {@code http} to a loopback host, or carries a query or user info
	 */
	static void requireSafe(URI baseUrl) {
		if (baseUrl == null || baseUrl.getHost() == null) {
			throw new InvalidConfigurationException(
					"dustess.base-url (env DUSTESS_BASE_URL) must be an absolute URL such as https://qw-openapi-tx.dustess.com, got: "
							+ Secrets.redact(String.valueOf(baseUrl)));
		}
		if (baseUrl.getRawQuery() != null || baseUrl.getRawUserInfo() != null) {
			throw new InvalidConfigurationException(
					"dustess.base-url (env DUSTESS_BASE_URL) must not carry a query or user info; set the token with dustess.access-token");
		}
		String scheme = baseUrl.getScheme().toLowerCase();
		if (scheme.equals("https")) {
			return;
		}
		if (scheme.equals("http") && isLoopback(baseUrl.getHost())) {
			return;
		}
		throw new InvalidConfigurationException("dustess.base-url (env DUSTESS_BASE_URL) must use https; plain http is "
				+ "accepted for loopback hosts only, got: " + baseUrl);
	}

	static boolean isLoopback(String host) {
		String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
		if (bare.equalsIgnoreCase("localhost")) {
			return true;
		}
		if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
			return false; // a name other than localhost: never resolved here, never
							// trusted
		}
		try {
			return InetAddress.getByName(bare).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
