package com.example.contactsync.schema;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the Java migrations with Boot's Flyway auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
class SchemaConfiguration {

	@Bean
	SpringBatchSchemaMigration springBatchSchemaMigration() {
		return new SpringBatchSchemaMigration();
	}

}
