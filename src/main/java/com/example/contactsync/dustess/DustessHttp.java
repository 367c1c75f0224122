package com.example.contactsync.dustess;

import java.io.InputStream;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import com.example.contactsync.dustess.DustessApiException.Kind;
import com.example.contactsync.logging.Secrets;

/**
 * One HTTP exchange with the Dustess API, through the {@link CallGate}: a JSON body out,
 * the answer's status and bytes back, every failure as a {@link DustessApiException}.
 * This is the one place that maps HTTP to exceptions; callers add the API's own meaning.
 */
class DustessHttp {

	private final RestClient restClient;

	private final JsonMapper jsonMapper;

	private final CallGate gate;

	private final long maxResponseBytes;

	private final MeterRegistry meterRegistry;

	DustessHttp(RestClient restClient, JsonMapper jsonMapper, CallGate gate, DataSize maxResponseSize,
			MeterRegistry meterRegistry) {
		this.meterRegistry = meterRegistry;
		this.restClient = restClient;
		this.jsonMapper = jsonMapper;
		this.gate = gate;
		this.maxResponseBytes = maxResponseSize.toBytes();
	}

	/**
	 * POSTs {@code body} as JSON to {@code path}.
	 * @param accessToken the token to send, or {@code null} for the token request itself
	 * @return the answer, with a 2xx status
	 * @throws DustessApiException for no answer, a non-2xx status or an answer over the
	 * size limit
	 */
	RawResponse post(String operation, String path, Object body, String accessToken) {
		return post(operation, path, body, accessToken, () -> {
		});
	}

	/**
	 * Posts as {@link #post(String, String, Object, String)} does, running
	 * {@code beforeSending} once the ceiling lets the request go, just before it leaves.
	 */
	RawResponse post(String operation, String path, Object body, String accessToken, Runnable beforeSending) {
		byte[] json = this.jsonMapper.writeValueAsBytes(body);
		long arrivedAtGate = System.nanoTime();
		RawResponse response = this.gate.call(() -> {
			gateWait(operation).record(System.nanoTime() - arrivedAtGate, TimeUnit.NANOSECONDS);
			beforeSending.run();
			return timed(operation, () -> exchange(operation, path, json, accessToken));
		});
		if (response.status().is3xxRedirection()) {
			throw new DustessApiException(Kind.HTTP_STATUS,
					operation + " answered HTTP " + response.status().value() + ", a redirect to "
							+ response.redirectHost() + ": redirects are never followed (they would send "
							+ "the entries and the token elsewhere); check dustess.base-url",
					response.status().value(), null, null, null);
		}
		if (!response.status().is2xxSuccessful()) {
			throw new DustessApiException(Kind.HTTP_STATUS,
					operation + " answered HTTP " + response.status().value() + " (" + response.describeBody() + ")",
					response.status().value(), null, response.retryAfter(), null);
		}
		if (response.truncated()) {
			throw new DustessApiException(
					Kind.MALFORMED_BODY, operation + " answered with more than "
							+ DataSize.ofBytes(this.maxResponseBytes).toMegabytes() + " MB; the answer is not read",
					response.status().value(), null, null, null);
		}
		return response;
	}

	/**
	 * Reads an answer as JSON.
	 * @throws DustessApiException ({@link Kind#MALFORMED_BODY}) if it is not JSON of that
	 * shape
	 */
	<T> T parse(String operation, RawResponse response, Class<T> type) {
		try {
			T value = this.jsonMapper.readValue(response.body(), type);
			if (value == null) {
				throw malformed(operation, response, "an empty body");
			}
			return value;
		}
		catch (JacksonException ex) {
			throw malformed(operation, response, "a body that is not the documented JSON");
		}
	}

	static DustessApiException malformed(String operation, RawResponse response, String what) {
		return new DustessApiException(Kind.MALFORMED_BODY, operation + " answered HTTP " + response.status().value()
				+ " with " + what + " (" + response.describeBody() + ")", response.status().value(), null, null, null);
	}

	/**
	 * The wait of a call at the {@link CallGate} (calls in flight and the rate ceiling),
	 * as {@link DustessClient#GATE_WAIT_METRIC}.
	 */
	private Timer gateWait(String operation) {
		return Timer.builder(DustessClient.GATE_WAIT_METRIC)
			.description("Waits of calls to the Dustess API for the rate ceiling")
			.tag("operation", operation)
			.register(this.meterRegistry);
	}

	/**
	 * Times one HTTP exchange as {@link DustessClient#CALLS_METRIC}, tagged with its
	 * result.
	 */
	private RawResponse timed(String operation, java.util.function.Supplier<RawResponse> exchange) {
		Timer.Sample sample = Timer.start(this.meterRegistry);
		String result = "transport-error";
		try {
			RawResponse response = exchange.get();
			result = String.valueOf(response.status().value());
			return response;
		}
		finally {
			sample.stop(Timer.builder(DustessClient.CALLS_METRIC)
				.description("Calls to the Dustess API")
				.tag("operation", operation)
				.tag("status", result)
				.register(this.meterRegistry));
		}
	}

	private RawResponse exchange(String operation, String path, byte[] json, String accessToken) {
		try {
			return this.restClient.post().uri(path).attributes((attributes) -> {
				if (accessToken != null) {
					attributes.put(AccessTokenInterceptor.ATTRIBUTE, accessToken);
				}
			})
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.body(json)
				.exchange((request, response) -> {
					byte[] bytes;
					try (InputStream in = response.getBody()) {
						bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.maxResponseBytes + 1));
					}
					boolean truncated = bytes.length > this.maxResponseBytes;
					return new RawResponse(response.getStatusCode(), response.getHeaders().getContentType(),
							truncated ? new byte[0] : bytes, truncated, retryAfter(response.getHeaders()),
							response.getHeaders().getFirst(HttpHeaders.LOCATION));
				}, true);
		}
		catch (RestClientException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			String message = operation + " call failed: " + cause.getClass().getSimpleName()
					+ ((cause.getMessage() != null) ? ": " + Secrets.redact(cause.getMessage()) : "");
			if (cause instanceof java.net.http.HttpConnectTimeoutException) {
				message = operation + " call timed out: no connection within dustess.connect-timeout";
			}
			else if (cause instanceof java.net.http.HttpTimeoutException) {
				message = operation + " call timed out: no answer within dustess.read-timeout";
			}
			throw new DustessApiException(Kind.TRANSPORT, message, null, null, null, cause);
		}
	}

	static Duration retryAfter(HttpHeaders headers) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
		}
		catch (NumberFormatException ex) {
			try {
				Duration until = Duration.between(ZonedDateTime.now(),
						ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
				return until.isNegative() ? Duration.ZERO : until;
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
	}

	/** An HTTP answer, read up to the size limit. */
	record RawResponse(HttpStatusCode status, MediaType contentType, byte[] body, boolean truncated,
			Duration retryAfter, String location) {

		/**
		 * The host a redirect points to (never the whole URL, which may carry a token).
		 */
		String redirectHost() {
			if (this.location == null || this.location.isBlank()) {
				return "no Location";
			}
			try {
				java.net.URI target = java.net.URI.create(this.location.trim());
				return (target.getHost() != null) ? "host " + target.getHost() : "a relative location on the same host";
			}
			catch (IllegalArgumentException ex) {
				return "an unreadable Location";
			}
		}

		String describeBody() {
			return ((this.contentType != null) ? this.contentType.toString() : "no content type") + ", "
					+ (this.truncated ? "over the size limit" : this.body.length + " bytes");
		}

	}

}
