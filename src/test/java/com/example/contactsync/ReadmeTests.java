package com.example.contactsync;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import com.example.contactsync.support.ConfigurationMetadata;
import com.example.contactsync.support.MarkdownTables;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README and the manual agree with the code. The settings table of
 * {@code src/docs/running.md} agrees with the configuration metadata: it names only
 * settings that exist, lists every setting of contact-sync, gives environment variables
 * that Spring binds to them, and the defaults that the code has. The README's "Where to
 * look" map covers every package and names only files that exist, and every package has
 * the {@code package-info.java} the README promises.
 */
class ReadmeTests {

	private static final Pattern CODE = Pattern.compile("`([^`]+)`");

	private static final Path SOURCES = Path.of("src/main/java/com/example/contactsync");

	/** The manual's page that holds the settings table. */
	static final Path RUNNING = Path.of("src/docs/running.md");

	private ConfigurationMetadata metadata;

	private List<Setting> settings;

	@BeforeEach
	void readSettingsTable() throws Exception {
		this.metadata = ConfigurationMetadata.load();
		this.settings = settings(Files.readString(RUNNING));
		assertThat(this.settings).extracting(Setting::name).contains("dustess.access-token", "contact-sync.chunk-size");
	}

	@Test
	void settingsTableWhenReadThenNamesOnlySettingsThatExist() {
		for (Setting setting : this.settings) {
			assertThat(this.metadata.knows(setting.name())).as("%s is no setting", setting.name()).isTrue();
		}
	}

	@Test
	void settingsTableWhenReadThenListsEverySettingOfContactSync() {
		List<String> named = this.settings.stream().map(Setting::name).toList();
		for (String property : this.metadata.own().keySet()) {
			if (!property.startsWith("contact-sync.sandbox.")) {
				assertThat(named).as("the settings table of %s lacks %s", RUNNING, property).contains(property);
			}
		}
	}

	@Test
	void settingsTableWhenEnvironmentVariableGivenThenSpringBindsItToTheSetting() {
		int checked = 0;
		for (Setting setting : this.settings) {
			if (setting.env() != null) {
				assertThat(environment(setting.env())
					.getConfigurationProperty(ConfigurationPropertyName.of(setting.name())))
					.as("%s does not set %s", setting.env(), setting.name())
					.isNotNull();
				checked++;
			}
		}
		assertThat(checked).isGreaterThan(this.settings.size() / 2);
	}

	@Test
	void settingsTableWhenSettingOfContactSyncThenDefaultIsTheCodesDefault() {
		Map<String, JsonNode> own = this.metadata.own();
		for (Setting setting : this.settings) {
			JsonNode property = own.get(setting.name());
			if (property != null) {
				JsonNode defaultValue = property.get("defaultValue");
				String expected = (defaultValue != null) ? defaultValue.asString() : null;
				assertThat(sameValue(setting.defaultValue(), expected))
					.as("%s: the settings table says the default is %s, the code %s", setting.name(),
							setting.defaultValue(), expected)
					.isTrue();
			}
		}
	}

	@Test
	void whereToLookWhenReadThenCoversEveryPackageAndNamesFilesThatExist() throws Exception {
		List<Path> mapped = new ArrayList<>();
		for (List<String> row : MarkdownTables.under(Files.readString(Path.of("README.md")), "## Where to look")) {
			Path directory = codes(row.get(0)).get(0).matches("(sql|jobs|src)/.*") ? Path.of(codes(row.get(0)).get(0))
					: SOURCES.resolve(codes(row.get(0)).get(0));
			assertThat(directory).isDirectory();
			mapped.add(directory.normalize());
			for (String name : codes(row.get(2))) {
				assertThat(directory.resolve(name.matches(".*[./].*") ? name : name + ".java")).as(row.get(0)).exists();
			}
		}
		assertThat(mapped).containsAll(packages());
	}

	@Test
	void packagesWhenListedThenEachSaysWhatItOwnsInPackageInfo() throws Exception {
		for (Path directory : packages()) {
			assertThat(directory.resolve("package-info.java")).exists();
		}
		assertThat(Files.readString(SOURCES.resolve("job/package-info.java"))).containsSubsequence("reader",
				"processor", "assembler", "client", "result mapping", "repositories");
	}

	/**
	 * Every package under {@code com.example.contactsync} but the root, as its source
	 * directory.
	 */
	private static List<Path> packages() throws Exception {
		try (Stream<Path> paths = Files.walk(SOURCES)) {
			List<Path> packages = paths.filter(Files::isDirectory)
				.filter((path) -> !path.equals(SOURCES))
				.map(Path::normalize)
				.toList();
			assertThat(packages).isNotEmpty();
			return packages;
		}
	}

	/**
	 * The process environment with only this variable set, as Spring's binder sees it.
	 */
	private static ConfigurationPropertySource environment(String variable) {
		SystemEnvironmentPropertySource source = new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "value"));
		return ConfigurationPropertySources.from(source).iterator().next();
	}

	private static boolean sameValue(String documented, String actual) {
		if (documented == null || actual == null) {
			return documented == actual;
		}
		try {
			return new BigDecimal(documented).compareTo(new BigDecimal(actual)) == 0;
		}
		catch (NumberFormatException ex) {
			return documented.equals(actual);
		}
	}

	/**
	 * The rows of the table under "### Settings", one {@link Setting} per name: a cell
	 * such as {@code `dustess.retry.initial-delay` / `.multiplier`} names two, with their
	 * environment variables and defaults in the same order.
	 */
	private static List<Setting> settings(String page) {
		List<Setting> settings = new ArrayList<>();
		for (List<String> row : MarkdownTables.under(page, "### Settings")) {
			List<String> names = expand(codes(row.get(0)), ".");
			List<String> envs = expand(codes(row.get(1)), "_");
			String[] defaults = row.get(2).split(" / ");
			for (int i = 0; i < names.size(); i++) {
				String env = (i < envs.size()) ? envs.get(i) : null;
				String defaultValue = (defaults.length == names.size()) ? plain(defaults[i]) : plain(row.get(2));
				settings.add(new Setting(names.get(i), env, defaultValue));
			}
		}
		return settings;
	}

	private static List<String> codes(String cell) {
		List<String> codes = new ArrayList<>();
		Matcher matcher = CODE.matcher(cell);
		while (matcher.find()) {
			codes.add(matcher.group(1));
		}
		return codes;
	}

	/**
	 * {@code .password} after {@code spring.datasource.username} is
	 * {@code spring.datasource.password}.
	 */
	private static List<String> expand(List<String> names, String separator) {
		List<String> expanded = new ArrayList<>();
		for (String name : names) {
			if (name.startsWith(separator) && !expanded.isEmpty()) {
				String previous = expanded.get(expanded.size() - 1);
				name = previous.substring(0, previous.lastIndexOf(separator)) + name;
			}
			expanded.add(name);
		}
		return expanded;
	}

	/** A default cell's value without Markdown; {@code null} for none. */
	private static String plain(String cell) {
		String value = cell.replace("`", "").trim();
		return Set.of("", "—", "none", "empty").contains(value) ? null : value;
	}

	private record Setting(String name, String env, String defaultValue) {
	}

}
