package com.example.contactsync.dustess;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import com.example.contactsync.logging.Secrets;
import com.example.contactsync.system.InvalidConfigurationException;

/**
 * Access tokens from the client id and secret, exchanged at {@value #TOKEN_PATH}, cached
 * and fetched anew shortly before they expire or when the API refuses one.
 */
class ClientCredentialsAccessTokens implements AccessTokenProvider {

	static final String TOKEN_PATH = "/auth/v1/access_token/token";

	private static final Logger logger = LoggerFactory.getLogger(ClientCredentialsAccessTokens.class);

	private static final Duration MAX_EARLY_REFRESH = Duration.ofMinutes(5);

	static final long DEFAULT_LIFETIME_SECONDS = 7200;

	/** The longest a token is used before a new one is fetched. */
	static final Duration MAX_LIFETIME = Duration.ofDays(1);

	private final DustessHttp http;

	private final String clientId;

	private final String clientSecret;

	private final Clock clock;

	private String token;

	private Instant refreshAt;

	ClientCredentialsAccessTokens(DustessHttp http, String clientId, String clientSecret, Clock clock) {
		this.http = http;
		this.clientId = clientId;
		this.clientSecret = clientSecret;
		this.clock = clock;
	}

	@Override
	public synchronized String accessToken() {
		if (this.token == null || !this.clock.instant().isBefore(this.refreshAt)) {
			fetch();
		}
		return this.token;
	}

	@Override
	public boolean refreshable() {
		return true;
	}

	@Override
	public synchronized void invalidate() {
		this.token = null;
	}

	private void fetch() {
		DustessHttp.RawResponse raw;
		try {
			raw = this.http.post("access_token", TOKEN_PATH,
					Map.of("clientId", this.clientId, "clientSecret", this.clientSecret), null);
		}
		catch (DustessApiException ex) {
			if (ex.refusesCredentials()) {
				throw new CredentialsRefusedException("Dustess refused dustess.client-id / dustess.client-secret "
						+ "(env DUSTESS_CLIENT_ID, DUSTESS_CLIENT_SECRET): " + ex.getMessage());
			}
			throw ex;
		}
		TokenResponse response = this.http.parse("access_token", raw, TokenResponse.class);
		if (!Boolean.TRUE.equals(response.success()) || response.data() == null || response.data().accessToken() == null
				|| response.data().accessToken().isBlank()) {
			throw new CredentialsRefusedException("Dustess refused dustess.client-id / dustess.client-secret "
					+ "(env DUSTESS_CLIENT_ID, DUSTESS_CLIENT_SECRET): code=" + response.code() + " msg="
					+ Secrets.redact(response.msg(), this.clientSecret));
		}
		Duration lifetime = lifetime(response.data().expiresIn());
		Duration early = lifetime.dividedBy(10).compareTo(MAX_EARLY_REFRESH) < 0 ? lifetime.dividedBy(10)
				: MAX_EARLY_REFRESH;
		this.token = response.data().accessToken();
		Secrets.register(this.token);
		this.refreshAt = this.clock.instant().plus(lifetime).minus(early);
		logger.info("Fetched a new Dustess access token; it is used until {}", this.refreshAt);
	}

	/**
	 * How long to use a token: its {@code expiresIn}, {@value #DEFAULT_LIFETIME_SECONDS}
	 * s when absent or not positive, and never more than {@link #MAX_LIFETIME} (an answer
	 * of 10^18 seconds would otherwise overflow the clock).
	 */
	static Duration lifetime(Long expiresIn) {
		if (expiresIn == null || expiresIn <= 0) {
			return Duration.ofSeconds(DEFAULT_LIFETIME_SECONDS);
		}
		return (expiresIn > MAX_LIFETIME.toSeconds()) ? MAX_LIFETIME : Duration.ofSeconds(expiresIn);
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record TokenResponse(@JsonProperty("success") Boolean success, @JsonProperty("code") Integer code,
			@JsonProperty("msg") String msg, @JsonProperty("data") Data data) {

		@JsonIgnoreProperties(ignoreUnknown = true)
		record Data(@JsonProperty("accessToken") String accessToken, @JsonProperty("expiresIn") Long expiresIn) {
		}

	}

}
