package com.example.contactsync.dustess;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * Wires the Dustess client from Boot's {@link RestClient.Builder} and {@code dustess.*}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DustessProperties.class)
class DustessClientConfiguration {

	@Bean
	DustessClient dustessClient(RestClient.Builder restClientBuilder, DustessProperties properties,
			JsonMapper jsonMapper, MeterRegistry meterRegistry) {
		return DustessClients.create(restClientBuilder.clone(), properties, jsonMapper, meterRegistry);
	}

	@Bean
	DustessApiHealthIndicator dustessApiHealthIndicator(DustessProperties properties) {
		return new DustessApiHealthIndicator(properties.baseUrl(), properties.connectTimeout());
	}

}
