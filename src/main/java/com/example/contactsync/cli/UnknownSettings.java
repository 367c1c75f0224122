package com.example.contactsync.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import com.example.contactsync.system.InvalidConfigurationException;

/**
 * Refuses settings under the project's own prefixes ({@code contact-sync.*},
 * {@code dustess.*}, and their environment variables {@code CONTACT_SYNC_*},
 * {@code DUSTESS_*}) that no property declares: a misspelt
 * {@code --contact-sync.chunk-sizee=5} or {@code CONTACT_SYNC_CHUNKSIZE} would otherwise
 * be ignored without a word and the run would go with the default. The declared names
 * come from the configuration metadata that the build generates from the
 * {@code @ConfigurationProperties} records.
 */
final class UnknownSettings implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	static final List<String> PREFIXES = List.of("contact-sync", "dustess");

	/** Names set by the application itself, not by users. */
	static final Set<String> INTERNAL = Set.of("contact-sync.serve", "contact-sync.worker",
			"contact-sync.deferred-migrations");

	/**
	 * The settings that are maps: any key under them is theirs (a user of the console, a
	 * field sent for a gone key).
	 */
	static final Set<String> MAPS = Set.of("contact-sync.console.users", "contact-sync.source.on-delete");

	/**
	 * Environment variables of the cron wrapper
	 * ({@code jobs/cron/contact-sync-nightly.sh}), not settings.
	 */
	static final Set<String> WRAPPER_VARIABLES = Set.of("CONTACT_SYNC_JAR", "CONTACT_SYNC_ENV_FILE",
			"CONTACT_SYNC_JVM_OPTIONS_FILE", "CONTACT_SYNC_CDS_ARCHIVE");

	/**
	 * The variables Kubernetes puts into every pod for each Service of the namespace: a
	 * Service named {@code contact-sync} gives {@code CONTACT_SYNC_SERVICE_HOST},
	 * {@code CONTACT_SYNC_PORT}, {@code CONTACT_SYNC_PORT_8080_TCP_ADDR}, ...
	 */
	private static final Pattern SERVICE_LINK = Pattern.compile(
			"[A-Z0-9_]+_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_[0-9]+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?)");

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		check(event.getEnvironment(), declared(event.getSpringApplication().getClassLoader()));
	}

	/**
	 * @throws InvalidConfigurationException naming every unknown setting and where it was
	 * set
	 */
	static void check(ConfigurableEnvironment environment, Set<String> declared) {
		List<ConfigurationPropertyName> names = declared.stream().map(ConfigurationPropertyName::of).toList();
		Set<String> environmentNames = new LinkedHashSet<>();
		for (String name : declared) {
			environmentNames.addAll(environmentVariables(name));
		}
		Set<String> unknown = new TreeSet<>();
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
				continue;
			}
			boolean systemEnvironment = source instanceof SystemEnvironmentPropertySource;
			for (String name : enumerable.getPropertyNames()) {
				boolean known = systemEnvironment ? isKnownEnvironmentVariable(name, environmentNames)
						: isKnownProperty(name, names);
				if (!known) {
					unknown.add(name + " (" + source.getName() + ")");
				}
			}
		}
		if (!unknown.isEmpty()) {
			throw new InvalidConfigurationException("Unknown setting" + ((unknown.size() > 1) ? "s " : " ")
					+ String.join(", ", unknown) + ": no contact-sync or dustess setting has "
					+ ((unknown.size() > 1) ? "these names" : "this name")
					+ " (misspelt?). The settings are listed in src/docs/running.md and in jobs/contact-sync.env.example");
		}
	}

	private static boolean isKnownProperty(String name, List<ConfigurationPropertyName> declared) {
		ConfigurationPropertyName candidate = ConfigurationPropertyName.adapt(name, '.');
		if (candidate.isEmpty() || PREFIXES.stream()
			.noneMatch((prefix) -> candidate.getElement(0, ConfigurationPropertyName.Form.UNIFORM)
				.equals(prefix.replace("-", "")))) {
			return true;
		}
		if (INTERNAL.contains(name)) {
			return true;
		}
		// equal in any relaxed form, an element of a list setting, or under a key of a
		// map
		// setting (contact-sync.console.users.<name>.password)
		return declared.stream()
			.anyMatch((known) -> known.equals(candidate)
					|| (known.isAncestorOf(candidate) && candidate.isLastElementIndexed()
							&& candidate.getParent().equals(known))
					|| (MAPS.contains(known.toString()) && known.isAncestorOf(candidate)));
	}

	private static boolean isKnownEnvironmentVariable(String name, Set<String> declared) {
		String upper = name.toUpperCase(Locale.ROOT);
		if (!upper.startsWith("CONTACT_SYNC_") && !upper.startsWith("CONTACTSYNC_") && !upper.startsWith("DUSTESS_")) {
			return true;
		}
		if (INTERNAL.stream().flatMap((internal) -> environmentVariables(internal).stream()).anyMatch(upper::equals)
				|| WRAPPER_VARIABLES.contains(upper) || SERVICE_LINK.matcher(upper).matches()) {
			return true;
		}
		// a list element: CONTACT_SYNC_PERMANENT_CODES_0 or
		// CONTACT_SYNC_PERMANENT_CODES_0_
		String withoutIndex = upper.replaceAll("(_[0-9]+_?)+$", "");
		return declared.contains(upper) || declared.contains(withoutIndex)
				|| MAPS.stream()
					.flatMap((map) -> environmentVariables(map).stream())
					.anyMatch((map) -> upper.startsWith(map + "_"));
	}

	/**
	 * The environment variables Spring Boot binds to a property: dashes removed, or as
	 * underscores.
	 */
	static List<String> environmentVariables(String property) {
		String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
		return List.of(upper.replace("-", ""), upper.replace('-', '_'));
	}

	/**
	 * The property names under the project's prefixes that the configuration metadata
	 * declares.
	 */
	static Set<String> declared(ClassLoader classLoader) {
		Set<String> names = new TreeSet<>();
		JsonMapper mapper = JsonMapper.builder().build();
		try {
			for (URL url : Collections.list(classLoader.getResources(METADATA))) {
				try (InputStream in = url.openStream()) {
					JsonNode properties = mapper.readTree(in).path("properties");
					for (JsonNode property : properties) {
						String name = property.path("name").asString();
						if (PREFIXES.stream().anyMatch((prefix) -> name.startsWith(prefix + "."))) {
							names.add(name);
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + METADATA, ex);
		}
		if (names.isEmpty()) {
			throw new IllegalStateException(METADATA + " declares no contact-sync setting: the build is broken");
		}
		return names;
	}

}
