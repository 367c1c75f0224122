package com.example.contactsync.cli;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import com.example.contactsync.system.InvalidConfigurationException;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class UnknownSettingsTests {

	private static final Set<String> DECLARED = UnknownSettings.declared(UnknownSettingsTests.class.getClassLoader());

	@Test
	void declaredComesFromTheGeneratedMetadata() {
		org.assertj.core.api.Assertions.assertThat(DECLARED)
			.contains("contact-sync.chunk-size", "dustess.retry.max-attempts", "dustess.rate-limit.calls-per-second",
					"contact-sync.sandbox.port");
	}

	@Test
	void checkWhenEveryNameIsDeclaredInSomeRelaxedFormThenPasses() {
		assertThatNoException().isThrownBy(() -> check(
				Map.of("contact-sync.chunk-size", "5", "contact-sync.chunkSize", "5",
						"dustess.rate-limit.calls-per-second", "2", "contact-sync.permanent-codes[0]", "13000",
						"contact-sync.serve", "true", "spring.anything", "x", "contact-syncer.x", "y"),
				Map.of("CONTACT_SYNC_CHUNK_SIZE", "5", "CONTACTSYNC_CHUNKSIZE", "5", "DUSTESS_RETRY_MAX_ATTEMPTS", "3",
						"CONTACT_SYNC_PERMANENT_CODES_0_", "1", "DUSTESS_RATE_LIMIT_CALLS_PER_SECOND", "2", "PATH",
						"/bin")));
	}

	@Test
	void checkWhenAPropertyIsMisspeltThenRefusedNamingItAndItsSource() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> check(Map.of("contact-sync.chunk-sizee", "5"), Map.of()))
			.withMessageStartingWith("Unknown setting contact-sync.chunk-sizee (test): no contact-sync or dustess "
					+ "setting has this name (misspelt?)");
	}

	@Test
	void checkWhenKubernetesServiceLinksOrTheCronWrappersVariablesThenPasses() {
		assertThatNoException().isThrownBy(() -> check(Map.of(),
				Map.of("CONTACT_SYNC_SERVICE_HOST", "10.0.0.1", "CONTACT_SYNC_SERVICE_PORT", "8080",
						"CONTACT_SYNC_SERVICE_PORT_HTTP", "8080", "CONTACT_SYNC_PORT", "tcp://10.0.0.1:8080",
						"CONTACT_SYNC_PORT_8080_TCP", "tcp://10.0.0.1:8080", "CONTACT_SYNC_PORT_8080_TCP_ADDR",
						"10.0.0.1", "DUSTESS_PROXY_SERVICE_HOST", "10.0.0.2", "CONTACT_SYNC_JAR",
						"/opt/contact-sync.jar", "CONTACT_SYNC_ENV_FILE", "/etc/contact-sync/contact-sync.env")));
	}

	@Test
	void everyVariableTheCronWrapperReadsIsAWrapperVariable() throws Exception {
		// the wrapper exports its environment file to java: a variable of its own there
		// must not be refused as an unknown setting
		java.util.regex.Matcher read = java.util.regex.Pattern.compile("\\$\\{(CONTACT_SYNC_[A-Z_]+):-")
			.matcher(java.nio.file.Files.readString(java.nio.file.Path.of("jobs/cron/contact-sync-nightly.sh")));
		java.util.Set<String> variables = new java.util.TreeSet<>();
		while (read.find()) {
			variables.add(read.group(1));
		}
		org.assertj.core.api.Assertions.assertThat(variables)
			.contains("CONTACT_SYNC_JVM_OPTIONS_FILE", "CONTACT_SYNC_CDS_ARCHIVE");
		org.assertj.core.api.Assertions.assertThat(UnknownSettings.WRAPPER_VARIABLES).containsAll(variables);
	}

	@Test
	void checkWhenAChildOfAScalarSettingThenRefused() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> check(Map.of("dustess.base-url.foo", "x"), Map.of()))
			.withMessageStartingWith("Unknown setting dustess.base-url.foo (test)");
	}

	@Test
	void checkWhenAnEnvironmentVariableIsMisspeltThenRefused() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> check(Map.of(), Map.of("CONTACT_SYNC_CHUNKSIZE", "5", "DUSTESS_TOKEN", "x")))
			.withMessageStartingWith("Unknown settings CONTACT_SYNC_CHUNKSIZE (systemEnvironment), "
					+ "DUSTESS_TOKEN (systemEnvironment)");
	}

	private static void check(Map<String, Object> properties, Map<String, Object> environment) {
		StandardEnvironment env = new StandardEnvironment();
		env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		env.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		env.getPropertySources().addFirst(new MapPropertySource("test", properties));
		env.getPropertySources()
			.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					environment));
		UnknownSettings.check(env, DECLARED);
	}

}
