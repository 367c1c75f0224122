package com.example.contactsync.monitoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import com.example.contactsync.support.ExternalTools;
import com.example.contactsync.support.Pushgateway.Series;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules of {@code jobs/monitoring/}: valid for {@code promtool}, each tested by
 * {@code promtool test rules} with an alert expected to fire, on series named and
 * labelled as contact-sync really pushes them, and each with a runbook line in
 * {@code src/docs/monitoring.md}.
 */
class AlertRulesTests {

	static final Path MONITORING = Path.of("jobs/monitoring");

	/**
	 * The manual's page whose section "Monitoring" describes the alerts and the
	 * dashboard.
	 */
	static final Path MONITORING_DOC = Path.of("src/docs/monitoring.md");

	static final String RULES = "contact-sync-alerts.yml";

	static final String RULE_TESTS = "contact-sync-alerts.test.yml";

	private static final Pattern SERIES = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)\\}");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"[^\"]*\"");

	@Test
	void rulesWhenCheckedByPromtoolThenValid() throws Exception {
		ExternalTools.Result check = ExternalTools.run(MONITORING, Duration.ofSeconds(60),
				ExternalTools.promtool().toString(), "check", "rules", RULES);
		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: " + alerts().size() + " rules found");
	}

	@Test
	void prometheusConfigurationWhenCheckedByPromtoolThenValidAndLoadsTheRules() throws Exception {
		ExternalTools.Result check = ExternalTools.run(MONITORING, Duration.ofSeconds(60),
				ExternalTools.promtool().toString(), "check", "config", "prometheus.yml");
		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("Checking " + RULES);
	}

	@Test
	void rulesWhenUnitTestedByPromtoolThenEveryTestPasses() throws Exception {
		ExternalTools.Result test = ExternalTools.run(MONITORING, Duration.ofSeconds(60),
				ExternalTools.promtool().toString(), "test", "rules", RULE_TESTS);
		assertThat(test.exitCode()).as(test.output()).isZero();
		assertThat(test.output()).contains("SUCCESS");
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyAlertHasAUnitTestInWhichItFires() throws Exception {
		Set<String> firing = new HashSet<>();
		for (Map<String, Object> test : (List<Map<String, Object>>) yaml(RULE_TESTS).get("tests")) {
			for (Map<String, Object> check : (List<Map<String, Object>>) test.get("alert_rule_test")) {
				if (!((List<Object>) check.get("exp_alerts")).isEmpty()) {
					firing.add((String) check.get("alertname"));
				}
			}
		}
		assertThat(firing).containsExactlyInAnyOrderElementsOf(alerts().keySet());
	}

	@Test
	void rulesWhenReadThenNameOnlyMetricsThatARunPushes() throws Exception {
		PushedRun.assertReadsOnlyPushedMetrics(alerts());
	}

	@Test
	@SuppressWarnings("unchecked")
	void unitTestsWhenReadThenFeedSeriesNamedAndLabelledAsARunPushesThem() throws Exception {
		Map<String, Set<String>> pushedLabels = new HashMap<>();
		for (Series series : PushedRun.get().group()) {
			pushedLabels.computeIfAbsent(series.name(), (name) -> new HashSet<>()).addAll(series.labels().keySet());
		}
		int checked = 0;
		for (Map<String, Object> test : (List<Map<String, Object>>) yaml(RULE_TESTS).get("tests")) {
			for (Map<String, Object> input : (List<Map<String, Object>>) test.get("input_series")) {
				Matcher series = SERIES.matcher((String) input.get("series"));
				assertThat(series.matches()).as((String) input.get("series")).isTrue();
				assertThat(pushedLabels).as("a run pushes no %s", series.group(1)).containsKey(series.group(1));
				Matcher label = LABEL.matcher(series.group(2));
				Set<String> labels = new HashSet<>();
				while (label.find()) {
					labels.add(label.group(1));
				}
				assertThat(labels).as(input.get("series").toString())
					.containsExactlyInAnyOrderElementsOf(pushedLabels.get(series.group(1)));
				checked++;
			}
		}
		assertThat(checked).isGreaterThan(10);
	}

	@Test
	void monitoringDocWhenReadThenHasARunbookLineForEveryAlert() throws Exception {
		String monitoring = section(Files.readString(MONITORING_DOC), "## Monitoring");
		for (String alert : alerts().keySet()) {
			assertThat(monitoring).as("%s, section Monitoring, on %s", MONITORING_DOC, alert)
				.containsPattern("`" + alert + "`");
		}
	}

	/** Each alert's name and expression, in the file's order. */
	@SuppressWarnings("unchecked")
	static Map<String, String> alerts() throws Exception {
		Map<String, String> alerts = new java.util.LinkedHashMap<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) yaml(RULES).get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				alerts.put((String) rule.get("alert"), (String) rule.get("expr"));
			}
		}
		assertThat(alerts).isNotEmpty();
		return alerts;
	}

	private static Map<String, Object> yaml(String file) throws Exception {
		return new Yaml().load(Files.readString(MONITORING.resolve(file)));
	}

	/** The text from a heading to the next heading of the same or a higher level. */
	static String section(String markdown, String heading) {
		int start = markdown.indexOf("\n" + heading + "\n");
		assertThat(start).as(heading).isNotNegative();
		int level = heading.indexOf(' ');
		Matcher next = Pattern.compile("\n#{1," + level + "} ").matcher(markdown);
		int end = next.find(start + heading.length() + 1) ? next.start() : markdown.length();
		return markdown.substring(start, end);
	}

}
