package com.example.contactsync.dustess;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Connection to the Dustess open API.
 *
 * @param baseUrl the API's base URL; {@code https}, or plain {@code http} for a loopback host
 * only (env {@code DUSTESS_BASE_URL})
 * @param accessToken the access token sent as the {@code accessToken} query parameter (env
 * {@code DUSTESS_ACCESS_TOKEN}); never logged
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for the answer to one call
 */
@ConfigurationProperties("dustess")
public record DustessProperties(@DefaultValue("https://qw-openapi-tx.dustess.com") URI baseUrl, String accessToken,
		@DefaultValue("10s") Duration connectTimeout, @DefaultValue("60s") Duration readTimeout) {

	@Override
	public String toString() {
		return "DustessProperties[baseUrl=" + this.baseUrl + ", accessToken=" + (hasAccessToken() ? "(set)" : "(not set)")
				+ ", connectTimeout=" + this.connectTimeout + ", readTimeout=" + this.readTimeout + "]";
	}

	/** Whether a non-blank access token is configured. */
	public boolean hasAccessToken() {
		return this.accessToken != null && !this.accessToken.isBlank();
	}

}
