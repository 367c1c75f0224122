package com.example.contactsync.sandbox;

import java.io.IOException;
import java.net.URI;

import javax.sql.DataSource;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;

import com.example.contactsync.dustess.DustessProperties;
import com.example.contactsync.system.InvalidConfigurationException;

/**
 * The built-in sandbox, only with profile {@code sandbox}. It refuses to start unless the
 * database is H2 and {@code dustess.base-url} points at the sandbox itself: a production
 * database can never have its changes marked as synced by a sandbox, and a sandbox run
 * never reaches the real API.
 */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
@EnableConfigurationProperties(SandboxProperties.class)
class SandboxConfiguration {

	@Bean(destroyMethod = "close")
	DustessSandbox dustessSandbox(SandboxProperties properties, DustessProperties dustess, DataSource dataSource,
			JsonMapper jsonMapper) throws Exception {
		String url = JdbcUtils.extractDatabaseMetaData(dataSource, (metaData) -> metaData.getURL());
		if (url == null || !url.startsWith("jdbc:h2:")) {
			throw new InvalidConfigurationException(
					"The sandbox profile runs on the embedded H2 database only; the configured database is not H2. "
							+ "Remove 'sandbox' from spring.profiles.active to sync for real.");
		}
		URI expected = URI.create("http://127.0.0.1:" + properties.port());
		if (!expected.equals(dustess.baseUrl())) {
			throw new InvalidConfigurationException("With the sandbox profile, dustess.base-url must be " + expected
					+ " (the sandbox itself); it is set elsewhere to " + dustess.baseUrl()
					+ ". Unset DUSTESS_BASE_URL.");
		}
		try {
			return DustessSandbox.start(properties.port(), properties.accessToken(), jsonMapper);
		}
		catch (IOException ex) {
			throw new InvalidConfigurationException("The sandbox cannot listen on 127.0.0.1:" + properties.port() + " ("
					+ ex.getMessage() + "); set contact-sync.sandbox.port to a free port");
		}
	}

	@Bean
	ApplicationRunner demoChangesSeeder(SandboxProperties properties, JdbcTemplate jdbcTemplate,
			DustessSandbox dustessSandbox) {
		return (args) -> {
			if (properties.seedDemoChanges()) {
				new DemoChanges(jdbcTemplate).seedIfEmpty();
			}
			if (properties.demoSource()) {
				DemoSource.createOrEdit(jdbcTemplate);
			}
		};
	}

}
