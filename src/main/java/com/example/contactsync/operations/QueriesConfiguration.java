package com.example.contactsync.operations;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The queries of the runs' history, for the full application (its component scan finds
 * this class) and the commands that only read ({@code QueryApplication} imports it).
 */
@Configuration(proxyBeanMethods = false)
public class QueriesConfiguration {

	@Bean
	RunHistory runHistory(JdbcTemplate jdbcTemplate) {
		return new RunHistory(jdbcTemplate);
	}

	@Bean
	CaptureHistory captureHistory(JdbcTemplate jdbcTemplate) {
		return new CaptureHistory(jdbcTemplate);
	}

	@Bean
	OperationsQueries operationsQueries(JdbcTemplate jdbcTemplate) {
		return new OperationsQueries(jdbcTemplate);
	}

}
