package com.example.contactsync.monitoring;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * How the commands use Spring Boot's push to a Prometheus Pushgateway
 * ({@code management.prometheus.metrics.export.pushgateway.*}): it is grouped by job and
 * {@code instance}, the instance being this machine's host name unless set; and only the
 * commands that run the job push, so that a {@code status} or {@code failures} never
 * replaces the metrics a run pushed.
 */
public final class MetricsPush {

	/** Whether the push is on (Boot's setting; off unless set). */
	public static final String ENABLED = "management.prometheus.metrics.export.pushgateway.enabled";

	/** The {@code instance} of the grouping key. */
	public static final String INSTANCE = "management.prometheus.metrics.export.pushgateway.grouping-key.instance";

	private MetricsPush() {
	}

	/**
	 * Default properties (the lowest precedence: any setting overrides them): the
	 * grouping key's instance is the host name.
	 */
	public static Map<String, Object> defaults() {
		return Map.of(INSTANCE, hostName());
	}

	/** Turns the push off for a command that runs no job, whatever the settings say. */
	public static ApplicationContextInitializer<ConfigurableApplicationContext> off() {
		return (context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("contact-sync-no-metrics-push", Map.of(ENABLED, "false")));
	}

	/**
	 * The host name: {@code HOSTNAME} when the environment has it (a Kubernetes pod's
	 * name), else what the JVM finds.
	 */
	static String hostName() {
		String fromEnvironment = System.getenv("HOSTNAME");
		if (fromEnvironment != null && !fromEnvironment.isBlank()) {
			return fromEnvironment;
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

}
