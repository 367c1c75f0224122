package com.example.contactsync.schema;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The schema's version check, for the full application (its component scan finds this
 * class) and the commands that only read ({@code QueryApplication} imports it).
 */
@Configuration(proxyBeanMethods = false)
public class SchemaVersionConfiguration {

	@Bean
	SchemaVersion schemaVersion(DataSource dataSource) {
		return new SchemaVersion(dataSource);
	}

}
