package com.example.contactsync.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration metadata on the class path
 * ({@code META-INF/spring-configuration-metadata.json}, Boot's and the one the
 * configuration processor writes for contact-sync), for tests that check documents
 * against the settings that exist.
 */
public final class ConfigurationMetadata {

	private final List<JsonNode> properties;

	private ConfigurationMetadata(List<JsonNode> properties) {
		this.properties = properties;
	}

	/** Reads every metadata file on the class path. */
	public static ConfigurationMetadata load() throws IOException {
		JsonMapper mapper = JsonMapper.builder().build();
		List<JsonNode> properties = new ArrayList<>();
		Enumeration<URL> resources = ConfigurationMetadata.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		while (resources.hasMoreElements()) {
			try (InputStream in = resources.nextElement().openStream()) {
				mapper.readTree(in).path("properties").forEach(properties::add);
			}
		}
		return new ConfigurationMetadata(properties);
	}

	/**
	 * Whether a setting of this name exists: a property, or an entry of a property that
	 * is a map
	 * ({@code management.prometheus.metrics.export.pushgateway.grouping-key.instance},
	 * {@code MANAGEMENT_PROMETHEUS_METRICS_EXPORT_PUSHGATEWAY_GROUPINGKEY_INSTANCE}).
	 * Property names and environment variables alike.
	 */
	public boolean knows(String name) {
		String normalized = normalize(name);
		for (JsonNode property : this.properties) {
			String known = normalize(property.get("name").asString());
			if (known.equals(normalized) || (property.path("type").asString().startsWith("java.util.Map<")
					&& normalized.startsWith(known) && normalized.length() > known.length())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * contact-sync's own properties ({@code contact-sync.*}, {@code dustess.*}) by name,
	 * each with its entry ({@code defaultValue}, {@code description}, ...).
	 */
	public Map<String, JsonNode> own() {
		Map<String, JsonNode> own = new LinkedHashMap<>();
		for (JsonNode property : this.properties) {
			String name = property.get("name").asString();
			if (name.startsWith("contact-sync.") || name.startsWith("dustess.")) {
				own.put(name, property);
			}
		}
		return own;
	}

	/**
	 * DUSTESS_RETRY_MAX_ATTEMPTS and dustess.retry.max-attempts both become
	 * dustessretrymaxattempts.
	 */
	public static String normalize(String name) {
		return name.toLowerCase().replaceAll("[^a-z0-9]", "");
	}

}
