package com.example.contactsync.dustess;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import tools.jackson.databind.json.JsonMapper;

import com.example.contactsync.dustess.payload.CustomerEntry;

/**
 * The fixture of the client's tests against a real local HTTP server: the server, the
 * client's settings pointing at it, and what is sent and answered.
 */
abstract class AbstractDustessServerTests {

	@StartStop
	final MockWebServer server = new MockWebServer();

	final JsonMapper jsonMapper = JsonMapper.builder().build();

	URI baseUrl() {
		return this.server.url("/").uri();
	}

	static DustessProperties properties(URI baseUrl, String token, String clientId, String clientSecret,
			Duration readTimeout, int attempts) {
		Map<String, Object> settings = new HashMap<>();
		settings.put("base-url", baseUrl.toString().replaceAll("/$", ""));
		settings.put("access-token", token);
		settings.put("client-id", clientId);
		settings.put("client-secret", clientSecret);
		settings.put("connect-timeout", "2s");
		settings.put("read-timeout", readTimeout);
		settings.put("retry.max-attempts", attempts);
		settings.put("retry.initial-delay", "20ms");
		settings.put("retry.max-delay", "200ms");
		settings.put("retry.jitter", "0ms");
		settings.put("retry.max-retry-after", "5s");
		settings.put("rate-limit.calls-per-second", 1000);
		return DustessTestSupport.properties(settings);
	}

	static CustomerEntry entry(String externalId) {
		return new CustomerEntry(null, externalId, null, null, null, null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
	}

	static MockResponse json(String body) {
		return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
	}

}
