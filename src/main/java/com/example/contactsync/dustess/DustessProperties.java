package com.example.contactsync.dustess;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Connection to the Dustess open API. Credentials: either a static {@code access-token},
 * or a {@code client-id} and {@code client-secret} that are exchanged for tokens (cached,
 * refreshed before they expire).
 *
 * @param baseUrl the API's base URL; {@code https}, or plain {@code http} for a loopback
 * host only (env {@code DUSTESS_BASE_URL})
 * @param accessToken a static access token, sent as the {@code accessToken} query
 * parameter (env {@code DUSTESS_ACCESS_TOKEN}); never logged
 * @param clientId the client id for the token exchange (env {@code DUSTESS_CLIENT_ID})
 * @param clientSecret the client secret for the token exchange (env
 * {@code DUSTESS_CLIENT_SECRET}); never logged
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for the answer to one call
 * @param maxResponseSize the largest answer accepted; a larger one counts as malformed
 * @param retry retries of calls that failed as a whole for a passing reason
 * @param rateLimit the ceiling on calls to the API
 */
@ConfigurationProperties("dustess")
public record DustessProperties(@DefaultValue("https://qw-openapi-tx.dustess.com") URI baseUrl, String accessToken,
		String clientId, String clientSecret, @DefaultValue("10s") Duration connectTimeout,
		@DefaultValue("60s") Duration readTimeout, @DefaultValue("16MB") DataSize maxResponseSize,
		@DefaultValue Retry retry, @DefaultValue RateLimit rateLimit) {

	/**
	 * The longest a caller of {@code batchEditCustomer} can go without a word from the
	 * call once an attempt has left: the attempt itself (connecting, then reading the
	 * answer), then the wait before the next, with a minute to spare.
	 */
	public Duration longestSilenceOfACall() {
		Duration betweenAttempts = (this.retry.maxDelay().compareTo(this.retry.maxRetryAfter()) > 0)
				? this.retry.maxDelay() : this.retry.maxRetryAfter();
		return this.connectTimeout.plus(this.readTimeout).plus(betweenAttempts).plusMinutes(1);
	}

	/**
	 * Retries of a call that failed as a whole for a passing reason (no connection,
	 * timeout, HTTP 5xx or 429, a body that is not the documented JSON). The same entries
	 * are sent again.
	 *
	 * @param maxAttempts attempts in all, the first included (env
	 * {@code DUSTESS_RETRY_MAX_ATTEMPTS})
	 * @param initialDelay the wait before the first retry
	 * @param multiplier the factor by which each further wait grows
	 * @param maxDelay the longest wait computed by the back-off
	 * @param jitter the random amount added to or taken from each wait
	 * @param maxRetryAfter the longest {@code Retry-After} of an HTTP 429 that is
	 * honoured
	 */
	public record Retry(@DefaultValue("5") int maxAttempts, @DefaultValue("1s") Duration initialDelay,
			@DefaultValue("2.0") double multiplier, @DefaultValue("30s") Duration maxDelay,
			@DefaultValue("250ms") Duration jitter, @DefaultValue("120s") Duration maxRetryAfter) {

		public Retry {
			if (maxAttempts < 1) {
				throw new IllegalArgumentException("dustess.retry.max-attempts must be at least 1, was " + maxAttempts);
			}
			if (multiplier < 1) {
				throw new IllegalArgumentException("dustess.retry.multiplier must be at least 1, was " + multiplier);
			}
		}

	}

	/**
	 * The ceiling on calls to the API, token requests included.
	 *
	 * @param callsPerSecond calls that may arrive at the server in any one second,
	 * wherever the second begins (env {@code DUSTESS_RATE_LIMIT_CALLS_PER_SECOND})
	 * @param maxInFlight calls that may be under way at once, all runs' partitions
	 * together (env {@code DUSTESS_RATE_LIMIT_MAX_IN_FLIGHT}); keep it at least
	 * {@code contact-sync.concurrency}
	 * @param arrivalMargin how long a request still under way may have taken to reach the
	 * server after it started (a new connection included); a call that has ended counts
	 * by its end (env {@code DUSTESS_RATE_LIMIT_ARRIVAL_MARGIN})
	 * @param shared whether the ceiling holds for every process using the same database
	 * together (its log of calls kept in PostgreSQL) rather than for this process; always
	 * on with {@code contact-sync.partitioning=remote} (env
	 * {@code DUSTESS_RATE_LIMIT_SHARED})
	 */
	public record RateLimit(@DefaultValue("5") double callsPerSecond, @DefaultValue("16") int maxInFlight,
			@DefaultValue("100ms") Duration arrivalMargin, @DefaultValue("false") boolean shared) {

		public RateLimit {
			if (!(callsPerSecond > 0)) {
				throw new IllegalArgumentException(
						"dustess.rate-limit.calls-per-second must be positive, was " + callsPerSecond);
			}
			if (maxInFlight < 1) {
				throw new IllegalArgumentException(
						"dustess.rate-limit.max-in-flight must be at least 1, was " + maxInFlight);
			}
			if (arrivalMargin.isNegative() || arrivalMargin.compareTo(Duration.ofSeconds(1)) > 0) {
				throw new IllegalArgumentException(
						"dustess.rate-limit.arrival-margin must be between 0 and 1s, was " + arrivalMargin);
			}
		}

	}

	@Override
	public String toString() {
		return "DustessProperties[baseUrl=" + this.baseUrl + ", accessToken="
				+ (hasAccessToken() ? "(set)" : "(not set)") + ", clientId=" + this.clientId + ", clientSecret="
				+ (hasText(this.clientSecret) ? "(set)" : "(not set)") + ", connectTimeout=" + this.connectTimeout
				+ ", readTimeout=" + this.readTimeout + ", retry=" + this.retry + ", rateLimit=" + this.rateLimit + "]";
	}

	/** Whether a non-blank static access token is configured. */
	public boolean hasAccessToken() {
		return hasText(this.accessToken);
	}

	/** Whether a client id and secret are configured. */
	public boolean hasClientCredentials() {
		return hasText(this.clientId) && hasText(this.clientSecret);
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

}
