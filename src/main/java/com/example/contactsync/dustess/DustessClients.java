package com.example.contactsync.dustess;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.http.client.JdkHttpClientBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.client.RestClient;

import com.example.contactsync.logging.Secrets;
import com.example.contactsync.system.InvalidConfigurationException;

/**
 * Builds a {@link DustessClient}: the JDK HTTP client pinned to HTTP/1.1 (its default h2c
 * upgrade fails against some servers), sending and reading whole bodies
 * ({@link BufferedJdkRequestFactory}), redirects never followed, the configured timeouts
 * and base URL, one {@link CallGate} for every call, the credentials, and the access
 * token added to each request as its last step (obtained before the call enters the
 * gate).
 */
public final class DustessClients {

	private DustessClients() {
	}

	/**
	 * @throws InvalidConfigurationException if the base URL is not safe for the token
	 */
	public static DustessClient create(RestClient.Builder restClientBuilder, DustessProperties properties,
			JsonMapper jsonMapper, MeterRegistry meterRegistry) {
		return create(restClientBuilder, properties, jsonMapper, meterRegistry, null, null);
	}

	/**
	 * A client whose rate ceiling is shared through the database when
	 * {@code jdbcTemplate} is given ({@link DatabaseCallLog}).
	 * @throws InvalidConfigurationException if the base URL is not safe for the token
	 */
	public static DustessClient create(RestClient.Builder restClientBuilder, DustessProperties properties,
			JsonMapper jsonMapper, MeterRegistry meterRegistry, JdbcTemplate jdbcTemplate,
			PlatformTransactionManager transactionManager) {
		BaseUrls.requireSafe(properties.baseUrl());
		Secrets.register(properties.accessToken());
		Secrets.register(properties.clientSecret());
		AtomicReference<DustessHttp> http = new AtomicReference<>();
		AccessTokenProvider tokens = AccessTokens.fromProperties(properties,
				() -> new ClientCredentialsAccessTokens(http.get(), properties.clientId(), properties.clientSecret(),
						Clock.systemUTC()));
		HttpClient httpClient = new JdkHttpClientBuilder()
			.withCustomizer((builder) -> builder.version(HttpClient.Version.HTTP_1_1))
			// never: a redirect would carry every entry (personal data) and the token to
			// a
			// host the configuration did not name, and a 302 would turn the POST into a
			// bodiless GET
			.build(HttpClientSettings.defaults()
				.withConnectTimeout(properties.connectTimeout())
				.withRedirects(HttpRedirects.DONT_FOLLOW));
		var requestFactory = new BufferedJdkRequestFactory(httpClient, properties.readTimeout(),
				properties.maxResponseSize().toBytes());
		RestClient restClient = restClientBuilder.baseUrl(properties.baseUrl().toString())
			.requestFactory(requestFactory)
			.requestInterceptor(new AccessTokenInterceptor())
			.build();
		DustessProperties.RateLimit rateLimit = properties.rateLimit();
		CallGate gate = (jdbcTemplate != null)
				? new CallGate(rateLimit.callsPerSecond(), rateLimit.maxInFlight(),
						(perWindow, window) -> new DatabaseCallLog(jdbcTemplate, transactionManager, perWindow, window,
								rateLimit.arrivalMargin()))
				: new CallGate(rateLimit.callsPerSecond(), rateLimit.maxInFlight(), rateLimit.arrivalMargin());
		http.set(new DustessHttp(restClient, jsonMapper, gate, properties.maxResponseSize(), meterRegistry));
		return new DustessClient(http.get(), tokens, properties.retry());
	}

}
