package com.example.contactsync.dustess;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import com.example.contactsync.system.Databases;
import com.example.contactsync.system.InvalidConfigurationException;

/**
 * Wires the Dustess client from Boot's {@link RestClient.Builder} and {@code dustess.*}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DustessProperties.class)
class DustessClientConfiguration {

	/**
	 * The client; its rate ceiling is kept in the database when
	 * {@code dustess.rate-limit.shared} or {@code contact-sync.partitioning=remote} says
	 * so (PostgreSQL only).
	 */
	@Bean
	DustessClient dustessClient(RestClient.Builder restClientBuilder, DustessProperties properties,
			JsonMapper jsonMapper, MeterRegistry meterRegistry, Environment environment,
			ObjectProvider<JdbcTemplate> jdbcTemplate, ObjectProvider<PlatformTransactionManager> transactionManager) {
		boolean remote = "remote"
			.equalsIgnoreCase(environment.getProperty("contact-sync.partitioning", "local").strip());
		boolean shared = properties.rateLimit().shared() || remote;
		if (!shared) {
			return DustessClients.create(restClientBuilder.clone(), properties, jsonMapper, meterRegistry);
		}
		JdbcTemplate jdbc = jdbcTemplate.getObject();
		String database = Databases.productName(jdbc);
		if (!Databases.isPostgres(database)) {
			throw new InvalidConfigurationException((remote ? "contact-sync.partitioning=remote"
					: "dustess.rate-limit.shared=true")
					+ " needs PostgreSQL: the processes share the API's rate ceiling" + (remote ? " and the run" : "")
					+ " through the database, which here is " + database
					+ " (the embedded default serves one process). Set SPRING_DATASOURCE_URL to a PostgreSQL database "
					+ "reachable from every machine, or leave the setting off.");
		}
		return DustessClients.create(restClientBuilder.clone(), properties, jsonMapper, meterRegistry, jdbc,
				transactionManager.getObject());
	}

	@Bean
	DustessApiHealthIndicator dustessApiHealthIndicator(DustessProperties properties) {
		return new DustessApiHealthIndicator(properties.baseUrl(), properties.connectTimeout());
	}

}
