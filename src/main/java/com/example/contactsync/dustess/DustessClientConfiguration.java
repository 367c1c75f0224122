package com.example.contactsync.dustess;

import java.net.http.HttpClient;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * Wires the Dustess client: the JDK HTTP client pinned to HTTP/1.1, the configured timeouts and
 * base URL, and the access token added to each request as its last step.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DustessProperties.class)
class DustessClientConfiguration {

	@Bean
	AccessTokenProvider accessTokenProvider(DustessProperties properties) {
		return () -> {
			if (!properties.hasAccessToken()) {
				throw new InvalidConfigurationException(
						"dustess.access-token (env DUSTESS_ACCESS_TOKEN) is not set: the Dustess API needs it");
			}
			return properties.accessToken();
		};
	}

	@Bean
	DustessClient dustessClient(RestClient.Builder restClientBuilder, DustessProperties properties,
			AccessTokenProvider accessTokenProvider, JsonMapper jsonMapper) {
		BaseUrls.requireSafe(properties.baseUrl());
		var requestFactory = ClientHttpRequestFactoryBuilder.jdk()
			.withHttpClientCustomizer((httpClient) -> httpClient.version(HttpClient.Version.HTTP_1_1))
			.build(HttpClientSettings.defaults().withTimeouts(properties.connectTimeout(), properties.readTimeout()));
		RestClient restClient = restClientBuilder.clone()
			.baseUrl(properties.baseUrl().toString())
			.requestFactory(requestFactory)
			.requestInterceptor(new AccessTokenInterceptor(accessTokenProvider))
			.build();
		return new DustessClient(restClient, jsonMapper);
	}

}
