package com.example.contactsync.dustess;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.example.contactsync.dustess.payload.BatchEditCustomerResponse.ItemResult;
import com.example.contactsync.dustess.payload.BatchEditCustomerResponse;
import com.example.contactsync.system.InvalidConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link DustessClient} as wired by {@link DustessClientConfiguration}, against a real
 * local HTTP server.
 */
@ExtendWith(OutputCaptureExtension.class)
class DustessClientTests extends AbstractDustessServerTests {

	private static final String TOKEN = "s3cr3t-T0ken+/=&x";

	@Test
	void batchEditCustomerPostsCustomerListWithTokenAsQueryParameter() throws Exception {
		this.server.enqueue(json(fixture("all-succeeded.json")));
		client().batchEditCustomer(List.of(entry("ext-1"), entry("ext-2")));
		RecordedRequest request = this.server.takeRequest();
		assertThat(request.getMethod()).isEqualTo("POST");
		assertThat(request.getUrl().encodedPath()).isEqualTo("/customer/v1/batchEditCustomer");
		assertThat(request.getUrl().queryParameter("accessToken")).isEqualTo(TOKEN);
		assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
		assertThat(request.getVersion()).isEqualTo("HTTP/1.1");
		JsonNode body = this.jsonMapper.readTree(request.getBody().utf8());
		assertThat(body.propertyNames()).containsExactly("customer_list");
		assertThat(body.get("customer_list")).hasSize(2);
		assertThat(body.get("customer_list").get(0).get("external_id").asString()).isEqualTo("ext-1");
		assertThat(body.get("customer_list").get(1).get("external_id").asString()).isEqualTo("ext-2");
	}

	@Test
	void batchEditCustomerWhenAllSucceededThenReadsIdAndUuid() throws Exception {
		this.server.enqueue(json(fixture("all-succeeded.json")));
		BatchEditCustomerResponse response = client().batchEditCustomer(List.of(entry("a"), entry("b")));
		assertThat(response.success()).isTrue();
		assertThat(response.code()).isNull();
		assertThat(response.data().fail()).isNull();
		assertThat(response.data().success()).extracting(ItemResult::index, ItemResult::contactId)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(1, "ad14ce98-ee88-11ea-9926-acde48001122"),
					org.assertj.core.groups.Tuple.tuple(2, "ad334abc-ee88-11ea-9926-acde48001122"));
	}

	@Test
	void batchEditCustomerWhenPartialFailureThenReturnsBothLists() throws Exception {
		this.server.enqueue(json(fixture("partial-failure.json")));
		BatchEditCustomerResponse response = client().batchEditCustomer(List.of(entry("a"), entry("b"), entry("c")));
		assertThat(response.success()).isFalse();
		assertThat(response.code()).isEqualTo(4126);
		assertThat(response.data().fail()).singleElement().satisfies((item) -> {
			assertThat(item.index()).isEqualTo(3);
			assertThat(item.code()).isEqualTo(13001);
			assertThat(item.contactId()).isNull();
		});
		assertThat(response.data().success()).extracting(ItemResult::index).containsExactly(1, 2);
	}

	@Test
	void batchEditCustomerWhenAllFailedWithNullSuccessListThenReturnsFailures() throws Exception {
		this.server.enqueue(json(fixture("all-failed.json")));
		BatchEditCustomerResponse response = client().batchEditCustomer(List.of(entry("a"), entry("b")));
		assertThat(response.data().success()).isNull();
		assertThat(response.data().fail()).extracting(ItemResult::index, ItemResult::code, ItemResult::contactId)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(1, 13001, null),
					org.assertj.core.groups.Tuple.tuple(2, 13000, null));
	}

	@Test
	void batchEditCustomerWhenHttpErrorThenThrowsWithStatus() {
		this.server.enqueue(new MockResponse.Builder().code(503).body("busy").build());
		assertThatExceptionOfType(DustessApiException.class)
			.isThrownBy(() -> client().batchEditCustomer(List.of(entry("a"))))
			.satisfies((ex) -> {
				assertThat(ex.getKind()).isEqualTo(DustessApiException.Kind.HTTP_STATUS);
				assertThat(ex.getHttpStatus()).isEqualTo(503);
				assertThat(ex.getMessage()).contains("HTTP 503");
			});
	}

	@ParameterizedTest
	@MethodSource("answersThatAreNotTheDocumentedJson")
	void batchEditCustomerWhenAnswerIsNotTheDocumentedJsonThenThrowsMalformedBody(MockResponse answer) {
		this.server.enqueue(answer);
		assertThatExceptionOfType(DustessApiException.class)
			.isThrownBy(() -> client().batchEditCustomer(List.of(entry("a"))))
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(DustessApiException.Kind.MALFORMED_BODY));
	}

	static Stream<Named<MockResponse>> answersThatAreNotTheDocumentedJson() {
		return Stream.of(
				Named.of("an HTML page",
						new MockResponse.Builder().code(200)
							.addHeader("Content-Type", "text/html")
							.body("<html><body>gateway</body></html>")
							.build()),
				Named.of("an empty body", new MockResponse.Builder().code(200).body("").build()),
				Named.of("JSON without success", json("{\"code\":0,\"data\":{}}")));
	}

	@Test
	void batchEditCustomerWhenFailureWithoutItemResultsThenThrowsApiErrorWithCodeAndMessage() {
		// not a token code (those are CredentialsRefusedException:
		// DustessClientRetryTests)
		this.server.enqueue(json("{\"success\":false,\"code\":40003,\"msg\":\"no permission\",\"data\":null}"));
		assertThatExceptionOfType(DustessApiException.class)
			.isThrownBy(() -> client().batchEditCustomer(List.of(entry("a"))))
			.satisfies((ex) -> {
				assertThat(ex.getKind()).isEqualTo(DustessApiException.Kind.API_ERROR);
				assertThat(ex.getCode()).isEqualTo(40003);
				assertThat(ex.getMessage()).contains("code=40003").contains("no permission");
			});
	}

	@Test
	void batchEditCustomerWhenFailureWithEmptyListsThenThrowsApiError() {
		this.server
			.enqueue(json("{\"success\":false,\"code\":4126,\"msg\":\"\",\"data\":{\"fail\":[],\"success\":null}}"));
		assertThatExceptionOfType(DustessApiException.class)
			.isThrownBy(() -> client().batchEditCustomer(List.of(entry("a"))))
			.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(DustessApiException.Kind.API_ERROR));
	}

	@Test
	void batchEditCustomerWhenReadTimesOutThenThrowsTransportWithoutToken(CapturedOutput output) throws Exception {
		this.server.enqueue(json(fixture("all-succeeded.json")).newBuilder()
			.headersDelay(3, java.util.concurrent.TimeUnit.SECONDS)
			.build());
		DustessClient client = client(baseUrl(), Duration.ofMillis(300));
		assertThatExceptionOfType(DustessApiException.class)
			.isThrownBy(() -> client.batchEditCustomer(List.of(entry("a"))))
			.satisfies((ex) -> {
				assertThat(ex.getKind()).isEqualTo(DustessApiException.Kind.TRANSPORT);
				assertNoSecret(ex);
			});
		assertThat(output.getAll()).doesNotContain(TOKEN);
	}

	@Test
	void batchEditCustomerWhenAnswerStallsMidBodyThenTimesOutWithinReadTimeout() {
		// headers at once, then the body a few bytes a second: the read timeout covers
		// the whole answer, not only its headers
		this.server.enqueue(json("{\"success\":true,\"msg\":\"\",\"data\":{\"success\":[],\"fail\":[]}}").newBuilder()
			.throttleBody(4, 1, java.util.concurrent.TimeUnit.SECONDS)
			.build());
		DustessClient client = client(baseUrl(), Duration.ofMillis(500));
		long start = System.nanoTime();
		assertThatExceptionOfType(DustessApiException.class)
			.isThrownBy(() -> client.batchEditCustomer(List.of(entry("a"))))
			.satisfies((ex) -> {
				assertThat(ex.getKind()).isEqualTo(DustessApiException.Kind.TRANSPORT);
				assertThat(ex.getMessage()).contains("timed out: no answer within dustess.read-timeout");
			});
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void batchEditCustomerWhenAnswerIsOverTheSizeLimitThenMalformedWithoutReadingItWhole() throws Exception {
		String big = "{\"success\":true,\"msg\":\"" + "x".repeat(3 * 1024 * 1024) + "\",\"data\":null}";
		this.server.enqueue(json(big));
		Map<String, Object> settings = new HashMap<>();
		settings.put("base-url", baseUrl().toString().replaceAll("/$", ""));
		settings.put("access-token", TOKEN);
		settings.put("max-response-size", "1MB");
		settings.put("retry.max-attempts", 1);
		DustessClient client = DustessTestSupport.client(DustessTestSupport.properties(settings));
		assertThatExceptionOfType(DustessApiException.class)
			.isThrownBy(() -> client.batchEditCustomer(List.of(entry("a"))))
			.satisfies((ex) -> {
				assertThat(ex.getKind()).isEqualTo(DustessApiException.Kind.MALFORMED_BODY);
				assertThat(ex.getMessage()).contains("answered with more than 1 MB");
			});
	}

	@Test
	void requestOfAnInterruptedThreadIsNeverSent() throws Exception {
		BufferedJdkRequestFactory factory = new BufferedJdkRequestFactory(java.net.http.HttpClient.newHttpClient(),
				Duration.ofSeconds(5), 1024);
		org.springframework.http.client.ClientHttpRequest request = factory.createRequest(baseUrl(),
				org.springframework.http.HttpMethod.POST);
		request.getBody().write("{}".getBytes(StandardCharsets.UTF_8));
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(java.io.InterruptedIOException.class).isThrownBy(request::execute);
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
		assertThat(this.server.getRequestCount()).isZero();
	}

	@Test
	void limitedBodyKeepsOneByteOverTheLimitAndCancels() {
		BufferedJdkRequestFactory.LimitedBody body = new BufferedJdkRequestFactory.LimitedBody(5);
		boolean[] cancelled = new boolean[1];
		body.onSubscribe(new java.util.concurrent.Flow.Subscription() {
			@Override
			public void request(long n) {
			}

			@Override
			public void cancel() {
				cancelled[0] = true;
			}
		});
		body.onNext(List.of(java.nio.ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII))));
		assertThat(cancelled[0]).isFalse();
		body.onNext(List.of(java.nio.ByteBuffer.wrap("defgh".getBytes(StandardCharsets.US_ASCII))));
		assertThat(cancelled[0]).isTrue();
		assertThat(body.getBody().toCompletableFuture().join()).asString(StandardCharsets.US_ASCII).isEqualTo("abcdef");
		BufferedJdkRequestFactory.LimitedBody small = new BufferedJdkRequestFactory.LimitedBody(5);
		small.onSubscribe(new java.util.concurrent.Flow.Subscription() {
			@Override
			public void request(long n) {
			}

			@Override
			public void cancel() {
			}
		});
		small.onNext(List.of(java.nio.ByteBuffer.wrap("abcde".getBytes(StandardCharsets.US_ASCII))));
		small.onComplete();
		assertThat(small.getBody().toCompletableFuture().join()).asString(StandardCharsets.US_ASCII).isEqualTo("abcde");
	}

	@Test
	void batchEditCustomerWhenConnectionRefusedThenThrowsTransportWithoutToken(CapturedOutput output) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		DustessClient client = client(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2));
		assertThatExceptionOfType(DustessApiException.class)
			.isThrownBy(() -> client.batchEditCustomer(List.of(entry("a"))))
			.satisfies((ex) -> {
				assertThat(ex.getKind()).isEqualTo(DustessApiException.Kind.TRANSPORT);
				assertThat(ex.getMessage()).contains("ConnectException");
				assertNoSecret(ex);
			});
		assertThat(output.getAll()).doesNotContain(TOKEN);
	}

	@Test
	void batchEditCustomerWhenItemValuesHaveOddTypesThenAnswerStillReadAndNotRetried() throws Exception {
		this.server.enqueue(json("""
				{"success":false,"code":99999999999,"msg":{"detail":"x"},"data":{
				  "success":[{"code":99999999999,"index":1,"id":12345,"msg":{"a":1}}],
				  "fail":[{"code":"13001","index":"2","id":"","msg":["bad","tel"]}, "garbage"]}}"""));
		BatchEditCustomerResponse response = client().batchEditCustomer(List.of(entry("a"), entry("b")));
		assertThat(response.code()).isNull();
		assertThat(response.msg()).isEqualTo("{\"detail\":\"x\"}");
		assertThat(response.data().success()).singleElement().satisfies((item) -> {
			assertThat(item.code()).isNull();
			assertThat(item.index()).isEqualTo(1);
			assertThat(item.contactId()).isEqualTo("12345");
			assertThat(item.msg()).isEqualTo("{\"a\":1}");
		});
		assertThat(response.data().fail()).hasSize(2).first().satisfies((item) -> {
			assertThat(item.code()).isEqualTo(13001);
			assertThat(item.index()).isEqualTo(2);
			assertThat(item.msg()).isEqualTo("[\"bad\",\"tel\"]");
		});
		assertThat(response.data().fail().get(1)).isNull();
		assertThat(this.server.getRequestCount()).isOne();
	}

	@ParameterizedTest
	@ValueSource(ints = { 301, 302, 303, 307, 308 })
	void batchEditCustomerWhenRedirectedThenNeverFollowsAndFailsNamingStatusAndHost(int status) throws Exception {
		try (MockWebServer foreign = new MockWebServer()) {
			foreign.start();
			foreign.enqueue(json(fixture("all-succeeded.json")));
			String target = "http://localhost:" + foreign.getPort() + "/customer/v1/batchEditCustomer?accessToken=x";
			this.server.enqueue(new MockResponse.Builder().code(status).addHeader("Location", target).build());
			DustessClient client = DustessTestSupport
				.client(properties(baseUrl(), TOKEN, null, null, Duration.ofSeconds(5), 3));

			assertThatExceptionOfType(DustessApiException.class)
				.isThrownBy(() -> client.batchEditCustomer(List.of(entry("a"))))
				.satisfies((ex) -> {
					assertThat(ex.getKind()).isEqualTo(DustessApiException.Kind.HTTP_STATUS);
					assertThat(ex.isTransient()).isFalse();
					assertThat(ex.getMessage()).isEqualTo("batchEditCustomer answered HTTP " + status
							+ ", a redirect to host localhost: redirects are never followed (they would send the "
							+ "entries and the token elsewhere); check dustess.base-url");
				});
			assertThat(foreign.getRequestCount()).isZero();
			assertThat(this.server.getRequestCount()).isEqualTo(1);
		}
	}

	@Test
	void clientWhenBaseUrlIsPlainHttpToRemoteHostThenRefusesToStart() {
		DustessProperties properties = DustessTestSupport
			.properties(Map.of("base-url", "http://qw-openapi-tx.dustess.com", "access-token", TOKEN));
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> DustessTestSupport.client(properties))
			.withMessageContaining("https");
	}

	@Test
	void propertiesToStringNeverShowsToken() {
		DustessProperties properties = DustessTestSupport.properties(Map.of("base-url", "https://x", "access-token",
				TOKEN, "client-id", "id", "client-secret", "client-secret-value"));
		assertThat(properties.toString()).doesNotContain(TOKEN).doesNotContain("client-secret-value").contains("(set)");
	}

	private static void assertNoSecret(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			assertThat(String.valueOf(cause.getMessage())).doesNotContain(TOKEN).doesNotContain("s3cr3t");
		}
	}

	private DustessClient client() {
		return client(baseUrl(), Duration.ofSeconds(5));
	}

	private DustessClient client(URI baseUrl, Duration readTimeout) {
		return DustessTestSupport.client(properties(baseUrl, TOKEN, null, null, readTimeout, 1));
	}

	static String fixture(String name) throws IOException {
		try (InputStream in = DustessClientTests.class.getResourceAsStream(name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
