package com.example.contactsync.dustess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

import com.example.contactsync.dustess.payload.BatchEditCustomerResponse;
import com.example.contactsync.system.InvalidConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Retries, {@code Retry-After}, the token exchange and the answer size limit, against a
 * real local HTTP server.
 */
@ExtendWith(OutputCaptureExtension.class)
@org.junit.jupiter.api.Timeout(value = 30, unit = java.util.concurrent.TimeUnit.SECONDS)
class DustessClientRetryTests extends AbstractDustessServerTests {

	private static final String TOKEN = "static-token-abcdef";

	private static final String SECRET = "client-secret-0123456789";

	private static final String OK = "{\"success\":true,\"msg\":\"\",\"data\":{\"fail\":null,\"success\":[{\"code\":0,\"index\":1,\"id\":\"c-1\",\"msg\":\"\"}]}}";

	@Test
	void batchEditCustomerWhenTransientFailuresThenSendsSameEntriesAgainUntilSuccess() throws Exception {
		this.server.enqueue(status(500));
		this.server.enqueue(status(502));
		this.server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build());
		this.server.enqueue(json(OK).newBuilder().headersDelay(2, TimeUnit.SECONDS).build());
		this.server.enqueue(
				new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html").body("<html/>").build());
		this.server.enqueue(json(OK));
		DustessClient client = client(TOKEN, null, null, 6, Duration.ofMillis(500));
		long start = System.nanoTime();

		BatchEditCustomerResponse response = client.batchEditCustomer(List.of(entry("a")));

		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(response.success()).isTrue();
		List<String> bodies = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			bodies.add(this.server.takeRequest().getBody().utf8());
		}
		assertThat(bodies).hasSize(6).containsOnly(bodies.get(0));
		assertThat(elapsedMillis).as("waited for Retry-After: 1").isGreaterThanOrEqualTo(1000);
	}

	@Test
	void batchEditCustomerWhenRetriesRunOutThenThrowsNamingAttemptsAndCause() {
		for (int i = 0; i < 3; i++) {
			this.server.enqueue(status(503));
		}
		assertThatExceptionOfType(DustessApiException.class).isThrownBy(() -> sendWithStaticToken(3))
			.withMessage(
					"batchEditCustomer failed 3 times; last: batchEditCustomer answered HTTP 503 (no content type, 0 bytes)");
		assertThat(this.server.getRequestCount()).isEqualTo(3);
	}

	@Test
	void batchEditCustomerWhenClientErrorThenNotRetried() {
		this.server.enqueue(status(400));
		assertThatExceptionOfType(DustessApiException.class).isThrownBy(() -> sendWithStaticToken(5))
			.satisfies((ex) -> assertThat(ex.getHttpStatus()).isEqualTo(400));
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void batchEditCustomerWhenStaticTokenRefusedThenCredentialsRefusedAtOnceWithCodeAndMessage() {
		this.server.enqueue(json("{\"success\":false,\"code\":40001,\"msg\":\"accessToken expired\",\"data\":null}"));
		assertThatExceptionOfType(CredentialsRefusedException.class).isThrownBy(() -> sendWithStaticToken(5))
			.withMessageStartingWith("Dustess refused the access token dustess.access-token (env DUSTESS_ACCESS_TOKEN)")
			.withMessageContaining("code=40001")
			.withMessageContaining("accessToken expired")
			.withMessageNotContaining(TOKEN);
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void batchEditCustomerWhenStaticTokenGetsHttp401ThenCredentialsRefusedWithoutRetries() {
		this.server.enqueue(status(401));
		assertThatExceptionOfType(CredentialsRefusedException.class).isThrownBy(() -> sendWithStaticToken(5))
			.withMessageContaining("HTTP 401");
		assertThat(this.server.getRequestCount()).isEqualTo(1);
	}

	@Test
	void batchEditCustomerWhenApiErrorIsNotAboutTheTokenThenNotCredentialsRefused() {
		this.server
			.enqueue(json("{\"success\":false,\"code\":400,\"msg\":\"customer_list is required\",\"data\":null}"));
		assertThatExceptionOfType(DustessApiException.class).isThrownBy(() -> sendWithStaticToken(5))
			.satisfies((ex) -> assertThat(ex).isNotInstanceOf(InvalidConfigurationException.class));
	}

	@Test
	void clientCredentialsAreExchangedOnceAndTheTokenIsReused() throws Exception {
		this.server.enqueue(token("tok-1", 7200));
		this.server.enqueue(json(OK));
		this.server.enqueue(json(OK));
		DustessClient client = client(null, "client-1", SECRET, 1, Duration.ofSeconds(2));

		client.batchEditCustomer(List.of(entry("a")));
		client.batchEditCustomer(List.of(entry("b")));

		RecordedRequest tokenRequest = this.server.takeRequest();
		assertThat(tokenRequest.getUrl().encodedPath()).isEqualTo("/auth/v1/access_token/token");
		assertThat(tokenRequest.getUrl().queryParameter("accessToken")).isNull();
		assertThat(this.jsonMapper.readTree(tokenRequest.getBody().utf8()))
			.isEqualTo(this.jsonMapper.readTree("{\"clientId\":\"client-1\",\"clientSecret\":\"" + SECRET + "\"}"));
		assertThat(this.server.takeRequest().getUrl().queryParameter("accessToken")).isEqualTo("tok-1");
		assertThat(this.server.takeRequest().getUrl().queryParameter("accessToken")).isEqualTo("tok-1");
	}

	@Test
	void clientCredentialsWhenTokenLifetimeIsAbsurdThenUsedForAtMostADay() throws Exception {
		this.server.enqueue(token("tok-1", 1_000_000_000_000_000_000L));
		this.server.enqueue(json(OK));
		DustessClient client = client(null, "client-1", SECRET, 1, Duration.ofSeconds(2));

		client.batchEditCustomer(List.of(entry("a")));

		this.server.takeRequest();
		assertThat(this.server.takeRequest().getUrl().queryParameter("accessToken")).isEqualTo("tok-1");
		assertThat(ClientCredentialsAccessTokens.lifetime(1_000_000_000_000_000_000L)).isEqualTo(Duration.ofDays(1));
		assertThat(ClientCredentialsAccessTokens.lifetime(Long.MAX_VALUE)).isEqualTo(Duration.ofDays(1));
		assertThat(ClientCredentialsAccessTokens.lifetime(3600L)).isEqualTo(Duration.ofHours(1));
		assertThat(ClientCredentialsAccessTokens.lifetime(0L)).isEqualTo(Duration.ofHours(2));
		assertThat(ClientCredentialsAccessTokens.lifetime(null)).isEqualTo(Duration.ofHours(2));
	}

	@Test
	void clientCredentialsWhenTokenNearsExpiryThenFetchesNewOne() throws Exception {
		this.server.enqueue(token("tok-1", 1));
		this.server.enqueue(json(OK));
		this.server.enqueue(token("tok-2", 7200));
		this.server.enqueue(json(OK));
		DustessClient client = client(null, "client-1", SECRET, 1, Duration.ofSeconds(2));

		client.batchEditCustomer(List.of(entry("a")));
		Thread.sleep(1000);
		client.batchEditCustomer(List.of(entry("b")));

		this.server.takeRequest();
		assertThat(this.server.takeRequest().getUrl().queryParameter("accessToken")).isEqualTo("tok-1");
		assertThat(this.server.takeRequest().getUrl().encodedPath()).isEqualTo("/auth/v1/access_token/token");
		assertThat(this.server.takeRequest().getUrl().queryParameter("accessToken")).isEqualTo("tok-2");
	}

	@Test
	void clientCredentialsWhenCallFailsAsAWholeThenNewTokenAndOneMoreSend() throws Exception {
		this.server.enqueue(token("tok-1", 7200));
		this.server.enqueue(json("{\"success\":false,\"code\":40001,\"msg\":\"token expired\",\"data\":null}"));
		this.server.enqueue(token("tok-2", 7200));
		this.server.enqueue(json(OK));

		BatchEditCustomerResponse response = client(null, "client-1", SECRET, 1, Duration.ofSeconds(2))
			.batchEditCustomer(List.of(entry("a")));

		assertThat(response.success()).isTrue();
		this.server.takeRequest();
		assertThat(this.server.takeRequest().getUrl().queryParameter("accessToken")).isEqualTo("tok-1");
		this.server.takeRequest();
		assertThat(this.server.takeRequest().getUrl().queryParameter("accessToken")).isEqualTo("tok-2");
	}

	@Test
	void clientCredentialsWhenStillFailingAfterNewTokenThenThrowsWithCodeButNoSecret(CapturedOutput output) {
		this.server.enqueue(token("tok-1", 7200));
		this.server.enqueue(new MockResponse.Builder().code(401).build());
		this.server.enqueue(token("tok-2", 7200));
		this.server.enqueue(json("{\"success\":false,\"code\":40003,\"msg\":\"no permission\",\"data\":null}"));

		assertThatExceptionOfType(DustessApiException.class).isThrownBy(
				() -> client(null, "client-1", SECRET, 3, Duration.ofSeconds(2)).batchEditCustomer(List.of(entry("a"))))
			.satisfies((ex) -> {
				assertThat(ex.getCode()).isEqualTo(40003);
				assertThat(ex.getMessage()).contains("no permission").doesNotContain(SECRET).doesNotContain("tok-");
			});
		assertThat(this.server.getRequestCount()).isEqualTo(4);
		assertThat(output.getAll()).doesNotContain(SECRET).doesNotContain("tok-1").doesNotContain("tok-2");
	}

	@Test
	void clientCredentialsWhenRefusedThenConfigurationErrorWithoutSecret() {
		this.server.enqueue(json("{\"success\":false,\"code\":401,\"msg\":\"bad secret " + SECRET + "\"}"));
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> client(null, "client-1", SECRET, 1, Duration.ofSeconds(2)).checkCredentials())
			.withMessageContaining("DUSTESS_CLIENT_SECRET")
			.withMessageNotContaining(SECRET);
	}

	@Test
	void credentialsWhenNoneOrBothOrHalfThenConfigurationError() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> client(null, null, null, 1, Duration.ofSeconds(1)).checkCredentials())
			.withMessageContaining("No Dustess credentials");
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> client(TOKEN, "client-1", SECRET, 1, Duration.ofSeconds(1)).checkCredentials())
			.withMessageContaining("not both");
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> client(null, "client-1", null, 1, Duration.ofSeconds(1)).checkCredentials())
			.withMessageContaining("go together");
	}

	@Test
	void batchEditCustomerWhenAnswerOverSizeLimitThenMalformedWithoutReadingIt() {
		this.server.enqueue(json("{\"success\":true,\"msg\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}"));
		DustessProperties properties = properties(baseUrl(), TOKEN, null, null, Duration.ofSeconds(5), 1);
		DustessProperties small = new DustessProperties(properties.baseUrl(), TOKEN, null, null,
				properties.connectTimeout(), properties.readTimeout(), DataSize.ofMegabytes(1), properties.retry(),
				properties.rateLimit());
		assertThatExceptionOfType(DustessApiException.class)
			.isThrownBy(() -> DustessTestSupport.client(small).batchEditCustomer(List.of(entry("a"))))
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(DustessApiException.Kind.MALFORMED_BODY))
			.withMessageContaining("more than 1 MB");
	}

	@Test
	void batchEditCustomerWhenAnswerIsSeveralMegabytesOfValidJsonThenParsed() {
		StringBuilder items = new StringBuilder();
		for (int i = 1; i <= 30000; i++) {
			items.append((i > 1) ? "," : "")
				.append("{\"code\":0,\"index\":")
				.append(i)
				.append(",\"id\":\"ad14ce98-ee88-11ea-9926-acde48001122\",\"msg\":\"")
				.append("m".repeat(60))
				.append("\"}");
		}
		String body = "{\"success\":true,\"msg\":\"\",\"data\":{\"fail\":null,\"success\":[" + items + "]}}";
		assertThat(body.length()).isGreaterThan(3_000_000);
		this.server.enqueue(json(body));
		BatchEditCustomerResponse response = client(TOKEN, null, null, 1, Duration.ofSeconds(5))
			.batchEditCustomer(List.of(entry("a")));
		assertThat(response.data().success()).hasSize(30000);
	}

	/** Sends one entry with the static token, the read timeout 2 s. */
	private BatchEditCustomerResponse sendWithStaticToken(int attempts) {
		return client(TOKEN, null, null, attempts, Duration.ofSeconds(2)).batchEditCustomer(List.of(entry("a")));
	}

	private DustessClient client(String token, String clientId, String secret, int attempts, Duration readTimeout) {
		return DustessTestSupport.client(properties(baseUrl(), token, clientId, secret, readTimeout, attempts));
	}

	private static MockResponse status(int code) {
		return new MockResponse.Builder().code(code).build();
	}

	private static MockResponse token(String token, long expiresIn) {
		return json("{\"code\":0,\"success\":true,\"data\":{\"accessToken\":\"" + token + "\",\"expiresIn\":"
				+ expiresIn + "}}");
	}

}
