package com.example.contactsync.monitoring;

import java.time.ZoneId;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.example.contactsync.capture.SourceProperties;
import com.example.contactsync.job.ContactSyncProperties;
import com.example.contactsync.operations.RunHistory;

/**
 * Wires the {@link RunMetrics} where metrics leave the process: a run that pushes to a
 * Prometheus Pushgateway (Boot's
 * {@code management.prometheus.metrics.export.pushgateway.*}) and the service
 * ({@code serve}) that Prometheus scrapes. Other commands read nothing for them.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(MonitoringConfiguration.MetricsLeaveTheProcess.class)
class MonitoringConfiguration {

	@Bean
	RunMetrics runMetrics(MeterRegistry meterRegistry, ContactSyncProperties contactSyncProperties,
			SourceProperties sourceProperties, JdbcTemplate jdbcTemplate, RunHistory runHistory) {
		RunFactsQueries queries = new RunFactsQueries(jdbcTemplate, runHistory, ZoneId.systemDefault());
		return new RunMetrics(meterRegistry, contactSyncProperties.alertFailureRatio(),
				sourceProperties.enabled() ? sourceProperties.maxGoneShare() : null, queries::read);
	}

	/** Metrics are pushed to a Pushgateway, or scraped from the service. */
	static class MetricsLeaveTheProcess extends AnyNestedCondition {

		MetricsLeaveTheProcess() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBooleanProperty(MetricsPush.ENABLED)
		static class Pushed {

		}

		@ConditionalOnBooleanProperty("contact-sync.serve")
		static class Served {

		}

	}

}
