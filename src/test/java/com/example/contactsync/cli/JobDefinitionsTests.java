package com.example.contactsync.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

import com.example.contactsync.support.ConfigurationMetadata;

import static com.example.contactsync.support.ConfigurationMetadata.normalize;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The definitions in {@code jobs/} name only commands and settings that exist.
 */
class JobDefinitionsTests {

	private static final Path JOBS = Path.of("jobs");

	/** Variables of the process environment, not Spring settings. */
	private static final Set<String> NOT_SETTINGS = Set.of("TZ");

	@Test
	void everySettingNamedInJobsExists() throws Exception {
		Set<String> known = ConfigurationMetadata.load().normalizedNames();
		List<String> named = new ArrayList<>(envTemplateNames());
		named.addAll(kubernetesNames());
		assertThat(named).isNotEmpty();
		for (String name : named) {
			if (!NOT_SETTINGS.contains(name)) {
				assertThat(known).as("%s names no setting", name).contains(normalize(name));
			}
		}
	}

	@Test
	void envTemplateListsEverySettingOfContactSync() throws Exception {
		Set<String> inTemplate = new HashSet<>();
		for (String name : envTemplateNames()) {
			inTemplate.add(normalize(name));
		}
		for (String property : ownProperties()) {
			if (!property.startsWith("contact-sync.sandbox.")) {
				assertThat(inTemplate).as("jobs/contact-sync.env.example lacks %s", property)
					.contains(normalize(property));
			}
		}
	}

	@Test
	void everyCommandNamedInJobsExists() throws Exception {
		Set<String> commands = new CommandLine(new ContactSyncCommand(null)).getSubcommands().keySet();
		Pattern jarCommand = Pattern.compile("contact-sync\\.jar\"?\\s+(?:\"\\$JAR\"\\s+)?([a-z]+)");
		Pattern scriptCommand = Pattern.compile("\\$JAR\"?\\s+([a-z]+)");
		Pattern containerArgs = Pattern.compile("args:\\s*\\[\"([a-z]+)\"");
		List<String> named = new ArrayList<>();
		for (Path file : files()) {
			String text = Files.readString(file);
			for (Pattern pattern : List.of(jarCommand, scriptCommand, containerArgs)) {
				Matcher matcher = pattern.matcher(text);
				while (matcher.find()) {
					named.add(matcher.group(1));
				}
			}
		}
		assertThat(named).contains("run", "failures", "recover", "status");
		assertThat(commands).containsAll(named);
	}

	@Test
	@SuppressWarnings("unchecked")
	void kubernetesCronJobForbidsConcurrentRunsAndTakesSecretsFromASecret() throws Exception {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml().loadAll(Files.readString(JOBS.resolve("kubernetes/cronjob.yaml")))) {
			documents.add((Map<String, Object>) document);
		}
		Map<String, Object> cronJob = documents.stream()
			.filter((d) -> "CronJob".equals(d.get("kind")))
			.findFirst()
			.orElseThrow();
		Map<String, Object> spec = (Map<String, Object>) cronJob.get("spec");
		assertThat(spec).containsEntry("concurrencyPolicy", "Forbid");
		String text = new Yaml().dump(spec);
		assertThat(text).contains("secretRef").contains("terminationGracePeriodSeconds: 900");
		Map<String, Object> secret = documents.stream()
			.filter((d) -> "Secret".equals(d.get("kind")))
			.findFirst()
			.orElseThrow();
		assertThat((Map<String, Object>) secret.get("stringData")).containsKey("DUSTESS_ACCESS_TOKEN");
	}

	@Test
	@SuppressWarnings("unchecked")
	void kubernetesWorkersAreTwoRemotePartitioningWorkersWithActuatorProbesAndTimeToFinishTheirChunk()
			throws Exception {
		Map<String, Object> deployment = new Yaml()
			.load(Files.readString(JOBS.resolve("kubernetes/worker-deployment.yaml")));
		assertThat(deployment).containsEntry("kind", "Deployment");
		Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
		assertThat(spec).containsEntry("replicas", 2);
		Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
		assertThat(pod).containsEntry("terminationGracePeriodSeconds", 900);
		Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
		assertThat(container.get("args")).isEqualTo(List.of("worker"));
		assertThat(container.get("env")).asString().contains("name=CONTACT_SYNC_PARTITIONING, value=remote");
		assertThat(new Yaml().dump(container.get("livenessProbe"))).contains("/actuator/health/liveness");
		assertThat(new Yaml().dump(container.get("readinessProbe"))).contains("/actuator/health/readiness");
		assertThat(new Yaml().dump(container)).contains("secretRef");
		// the same image as the CronJob's manager
		String cronJob = Files.readString(JOBS.resolve("kubernetes/cronjob.yaml"));
		assertThat(cronJob).contains("image: " + container.get("image"));
	}

	@Test
	void systemdWorkerRunsTheWorkerCommandInRemoteModeAndStopsGracefully() throws Exception {
		String unit = Files.readString(JOBS.resolve("systemd/contact-sync-worker.service"));
		assertThat(unit).contains("contact-sync.jar worker")
			.contains("Environment=CONTACT_SYNC_PARTITIONING=remote")
			.contains("KillSignal=SIGTERM")
			.contains("TimeoutStopSec=15min")
			.contains("Restart=on-failure");
	}

	@Test
	void cronWrapperIsValidBash() throws Exception {
		Process bash = new ProcessBuilder("bash", "-n", JOBS.resolve("cron/contact-sync-nightly.sh").toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(bash.getInputStream().readAllBytes());
		assertThat(bash.waitFor()).as(output).isZero();
		assertThat(Files.isExecutable(JOBS.resolve("cron/contact-sync-nightly.sh"))).isTrue();
	}

	private static List<String> envTemplateNames() throws Exception {
		List<String> names = new ArrayList<>();
		Matcher matcher = Pattern.compile("(?m)^#?([A-Z][A-Z0-9_]+)=")
			.matcher(Files.readString(JOBS.resolve("contact-sync.env.example")));
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	private static List<String> kubernetesNames() throws Exception {
		List<String> names = new ArrayList<>();
		for (String file : List.of("kubernetes/cronjob.yaml", "kubernetes/worker-deployment.yaml")) {
			String text = Files.readString(JOBS.resolve(file));
			Matcher matcher = Pattern.compile("(?m)^\\s+([A-Z][A-Z0-9_]+):").matcher(text);
			while (matcher.find()) {
				names.add(matcher.group(1));
			}
			Matcher env = Pattern.compile("(?m)^\\s+- name: ([A-Z][A-Z0-9_]+)$").matcher(text);
			while (env.find()) {
				names.add(env.group(1));
			}
		}
		return names;
	}

	private static List<Path> files() throws Exception {
		try (Stream<Path> paths = Files.walk(JOBS)) {
			return paths.filter(Files::isRegularFile).toList();
		}
	}

	private static List<String> ownProperties() throws Exception {
		List<String> own = new ArrayList<>(ConfigurationMetadata.load().own().keySet());
		assertThat(own).contains("dustess.access-token", "contact-sync.chunk-size");
		return own;
	}

}
