package com.example.contactsync.dustess;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import com.example.contactsync.dustess.DustessApiException.Kind;
import com.example.contactsync.dustess.payload.BatchEditCustomerRequest;
import com.example.contactsync.dustess.payload.BatchEditCustomerResponse;
import com.example.contactsync.dustess.payload.CustomerEntry;
import com.example.contactsync.logging.Secrets;
import com.example.contactsync.system.InvalidConfigurationException;

/**
 * Calls {@code batchEditCustomer}. A call either returns an answer with per-item results
 * or throws {@link DustessApiException}, after:
 * <ul>
 * <li>retries of passing failures (no connection, timeout, HTTP 5xx or 429, a body that
 * is not the documented JSON) with exponential back-off and jitter, honouring
 * {@code Retry-After}; the same entries are sent again;</li>
 * <li>with client credentials, one new token and one more send when the call fails as a
 * whole ({@code success: false} without per-item results, HTTP 401 or 403).</li>
 * </ul>
 * Spring's {@code RetryTemplate} cannot wait for a server-given {@code Retry-After}, so
 * the loop is here; its waits come from Spring's {@link ExponentialBackOff}.
 */
public class DustessClient {

	/** Path of the batch edit endpoint, relative to {@code dustess.base-url}. */
	public static final String BATCH_EDIT_CUSTOMER_PATH = "/customer/v1/batchEditCustomer";

	/**
	 * The timer of every HTTP exchange with the API, tagged {@code operation} and
	 * {@code status} (the HTTP status, or {@code transport-error}).
	 */
	public static final String CALLS_METRIC = "contact.sync.api.calls";

	/**
	 * The timer of the wait of each call for the rate ceiling
	 * ({@code dustess.rate-limit.*}) before it starts, tagged {@code operation}.
	 */
	public static final String GATE_WAIT_METRIC = "contact.sync.api.gate.wait";

	private static final String OPERATION = "batchEditCustomer";

	private static final Logger logger = LoggerFactory.getLogger(DustessClient.class);

	private final DustessHttp http;

	private final AccessTokenProvider tokens;

	private final DustessProperties.Retry retry;

	DustessClient(DustessHttp http, AccessTokenProvider tokens, DustessProperties.Retry retry) {
		this.http = http;
		this.tokens = tokens;
		this.retry = retry;
	}

	/** An entry that names no contact: what {@link #probe()} sends. */
	static final CustomerEntry NO_CONTACT = new CustomerEntry(null, null, null, null, null, null, null, null, null,
			null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
			null, null, null);

	/**
	 * Checks that credentials are configured, and with client credentials fetches a
	 * token, before anything is sent.
	 * @throws InvalidConfigurationException if the credentials are missing or refused
	 */
	public void checkCredentials() {
		this.tokens.accessToken();
	}

	/**
	 * Whether the API answers and takes the credentials, without touching a contact: the
	 * token is had (fetched, with client credentials), then one {@code batchEditCustomer}
	 * call goes out, once, not retried, with one entry that names no contact (neither
	 * {@code id} nor {@code external_id}). The API checks the token first; an answer for
	 * that entry (a per-item failure) means it took the credentials. An empty
	 * {@code customer_list} would not do: it is refused as a whole, like a wrong token.
	 * What {@code check} does.
	 * @throws DustessApiException if the API cannot be reached or refuses the call
	 */
	public void probe() {
		sendOnce(new BatchEditCustomerRequest(List.of(NO_CONTACT)), new Observer() {
		});
	}

	/**
	 * Checks that credentials are configured (a token, or a client id and secret),
	 * without a call: a refused token or secret shows at the run's first call
	 * ({@link CredentialsRefusedException}), where the run's history records it.
	 * @throws InvalidConfigurationException if the credentials are missing or half set
	 */
	public void checkConfigured() {
		this.tokens.checkConfigured();
	}

	/**
	 * Sends all entries in one {@code batchEditCustomer} call (retried as a whole as
	 * described above).
	 * @param entries the entries, in the order their 1-based {@code index} refers to; not
	 * empty
	 * @return the answer; it has per-item data ({@code data.success} or {@code data.fail}
	 * not empty), or {@code success} is {@code true}
	 * @throws DustessApiException if the call failed as a whole
	 */
	public BatchEditCustomerResponse batchEditCustomer(List<CustomerEntry> entries) {
		return batchEditCustomer(entries, new Observer() {
		});
	}

	/**
	 * Sends all entries in one call as {@link #batchEditCustomer(List)} does, telling
	 * {@code observer} of each attempt just before it leaves and of every answer HTTP 429
	 * as it comes, whether the call succeeds in the end or not.
	 */
	public BatchEditCustomerResponse batchEditCustomer(List<CustomerEntry> entries, Observer observer) {
		BatchEditCustomerRequest request = new BatchEditCustomerRequest(entries);
		BackOffExecution backOff = backOff().start();
		boolean tokenRenewed = false;
		int attempt = 0;
		while (true) {
			attempt++;
			try {
				return sendOnce(request, observer);
			}
			catch (DustessApiException ex) {
				if (Integer.valueOf(429).equals(ex.getHttpStatus())) {
					observer.rateLimited();
				}
				if (ex.mayBeAuthentication() && this.tokens.refreshable() && !tokenRenewed) {
					tokenRenewed = true;
					attempt--;
					logger.warn("{} failed as a whole ({}); fetching a new access token and sending once more",
							OPERATION, ex.getMessage());
					this.tokens.invalidate();
					continue;
				}
				if (ex.refusesCredentials()) {
					throw refused(ex);
				}
				if (!ex.isTransient() || attempt >= this.retry.maxAttempts()) {
					throw (attempt == 1) ? ex
							: new DustessApiException(ex.getKind(),
									OPERATION + " failed " + attempt + " times; last: " + ex.getMessage(),
									ex.getHttpStatus(), ex.getCode(), null, ex);
				}
				Duration delay = delay(backOff, ex);
				logger.warn("{} attempt {} of {} failed ({}); sending the same {} entries again in {} ms", OPERATION,
						attempt, this.retry.maxAttempts(), ex.getMessage(), entries.size(), delay.toMillis());
				sleep(delay);
			}
		}
	}

	private BatchEditCustomerResponse sendOnce(BatchEditCustomerRequest request, Observer observer) {
		// the token is had before the call enters the gate: fetching one is a call of its
		// own
		DustessHttp.RawResponse raw = this.http.post(OPERATION, BATCH_EDIT_CUSTOMER_PATH, request,
				this.tokens.accessToken(), observer::sending);
		BatchEditCustomerResponse response = this.http.parse(OPERATION, raw, BatchEditCustomerResponse.class);
		if (response.success() == null) {
			throw DustessHttp.malformed(OPERATION, raw, "JSON without a boolean 'success'");
		}
		if (Boolean.TRUE.equals(response.success()) || hasItemResults(response)) {
			return response;
		}
		throw new DustessApiException(Kind.API_ERROR, OPERATION + " failed without per-item results: code="
				+ response.code() + " msg=" + quote(response.msg()), raw.status().value(), response.code(), null, null);
	}

	private CredentialsRefusedException refused(DustessApiException ex) {
		return new CredentialsRefusedException(this.tokens.refreshable()
				? "Dustess refused the access token fetched with dustess.client-id / dustess.client-secret (env "
						+ "DUSTESS_CLIENT_ID, DUSTESS_CLIENT_SECRET), also a new one: " + ex.getMessage()
				: "Dustess refused the access token dustess.access-token (env DUSTESS_ACCESS_TOKEN): "
						+ ex.getMessage());
	}

	private ExponentialBackOff backOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(this.retry.initialDelay().toMillis(),
				this.retry.multiplier());
		backOff.setMaxInterval(this.retry.maxDelay().toMillis());
		backOff.setJitter(this.retry.jitter().toMillis());
		return backOff;
	}

	private Duration delay(BackOffExecution backOff, DustessApiException ex) {
		long next = backOff.nextBackOff();
		Duration delay = Duration.ofMillis((next == BackOffExecution.STOP) ? this.retry.maxDelay().toMillis() : next);
		Duration retryAfter = ex.getRetryAfter();
		if (retryAfter != null) {
			Duration capped = (retryAfter.compareTo(this.retry.maxRetryAfter()) > 0) ? this.retry.maxRetryAfter()
					: retryAfter;
			if (capped.compareTo(delay) > 0) {
				delay = capped;
			}
		}
		return delay;
	}

	private static void sleep(Duration delay) {
		try {
			Thread.sleep(delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DustessApiException(Kind.TRANSPORT, OPERATION + " retry interrupted", null, null, null, ex);
		}
	}

	private static boolean hasItemResults(BatchEditCustomerResponse response) {
		BatchEditCustomerResponse.Data data = response.data();
		return data != null && (notEmpty(data.success()) || notEmpty(data.fail()));
	}

	private static boolean notEmpty(List<?> list) {
		return list != null && !list.isEmpty();
	}

	private static String quote(String text) {
		return (text != null) ? "'" + Secrets.redact(text) + "'" : "null";
	}

	/**
	 * What a caller of {@link #batchEditCustomer(List, Observer)} is told along the way.
	 */
	public interface Observer {

		/**
		 * Each attempt, once the rate ceiling lets it go and just before its request
		 * leaves; an exception thrown here sends nothing and ends the call at once.
		 */
		default void sending() {
		}

		/** Each answer HTTP 429. */
		default void rateLimited() {
		}

	}

}
