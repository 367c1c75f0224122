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
		ConfigurationMetadata metadata = ConfigurationMetadata.load();
		List<String> named = new ArrayList<>(envTemplateNames());
		named.addAll(kubernetesNames());
		assertThat(named).isNotEmpty();
		for (String name : named) {
			if (!NOT_SETTINGS.contains(name)) {
				assertThat(metadata.knows(name)).as("%s names no setting", name).isTrue();
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
			if (UnknownSettings.MAPS.contains(property)) {
				// a map setting: listed by the names of one example key
				assertThat(inTemplate).as("jobs/contact-sync.env.example lacks %s", property)
					.anyMatch((name) -> name.startsWith(normalize(property)));
			}
			else if (!property.startsWith("contact-sync.sandbox.")) {
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
		Pattern containerArgs = Pattern.compile("(?:args|CMD):?\\s*\\[\"([a-z]+)\"");
		// the runbook lines of the alerts
		Pattern runbookCommand = Pattern.compile("`contact-sync ([a-z]+)");
		List<String> named = new ArrayList<>();
		for (Path file : files()) {
			// not the Dockerfile's extraction: "java -Djarmode=tools -jar
			// contact-sync.jar extract"
			String text = Files.readString(file).replaceAll("(?m)^.*-Djarmode=.*$", "");
			for (Pattern pattern : List.of(jarCommand, scriptCommand, containerArgs, runbookCommand)) {
				Matcher matcher = pattern.matcher(text);
				while (matcher.find()) {
					named.add(matcher.group(1));
				}
			}
		}
		assertThat(named).contains("run", "failures", "recover", "status", "restart", "requeue");
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
	void containerImageIsBuiltFromTheJarThatMavenBuildsAndIsTheOneTheManifestsRun() throws Exception {
		org.w3c.dom.Element pom = javax.xml.parsers.DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(Path.of("pom.xml").toFile())
			.getDocumentElement();
		String artifactId = child(pom, "artifactId");
		String version = child(pom, "version");
		String javaVersion = child((org.w3c.dom.Element) pom.getElementsByTagName("properties").item(0),
				"java.version");
		String dockerfile = Files.readString(JOBS.resolve("container/Dockerfile"));

		// the jar ./mvnw package builds, extracted into Boot's layers in the layout that
		// class data sharing needs (contact-sync.jar and lib/, not the launcher's)
		assertThat(match(dockerfile, "(?m)^ARG JAR_FILE=(\\S+)$"))
			.containsExactly("target/" + artifactId + "-" + version + ".jar");
		assertThat(match(dockerfile, "(?m)^RUN java -Djarmode=tools -jar contact-sync.jar extract (.*)$"))
			.containsExactly("--layers --destination extracted");
		assertThat(match(dockerfile, "(?m)^COPY --from=layers /builder/extracted/([a-z-]+)/ \\./$"))
			.containsExactly("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
		// an AppCDS archive made at the build, in the final image after the last layer
		// (the paths and jars it records are those the image runs with), by a training
		// run that migrates an in-memory database (the whole application, Flyway
		// included); and the entry point runs the same jar with that archive
		String training = match(dockerfile, "(?ms)^(RUN java @jvm.options -XX:ArchiveClassesAtExit=.*?)(?<!\\\\)$")
			.get(0);
		assertThat(training).contains("-jar contact-sync.jar migrate ")
			.contains("--spring.datasource.url=jdbc:h2:mem:");
		String archive = match(training, "-XX:ArchiveClassesAtExit=(\\S+)").get(0);
		List<String> entryPoint = match(dockerfile, "(?m)^ENTRYPOINT \\[(.*)\\]$");
		assertThat(entryPoint)
			.containsExactly("\"java\", \"@jvm.options\", \"-XX:MaxRAMPercentage=75.0\", \"-XX:SharedArchiveFile="
					+ archive + "\", \"-jar\", \"contact-sync.jar\"");
		int lastCopy = dockerfile.lastIndexOf("COPY --from=layers");
		assertThat(dockerfile.indexOf(training)).isGreaterThan(lastCopy)
			.isGreaterThan(dockerfile.lastIndexOf("\nFROM "))
			.isGreaterThan(dockerfile.indexOf("\nWORKDIR /opt/contact-sync"))
			.isLessThan(dockerfile.indexOf("\nUSER "));
		assertThat(match(dockerfile, "(?m)^WORKDIR (\\S+)$")).containsExactly("/builder", "/opt/contact-sync");
		assertThat(match(dockerfile, "(?m)^FROM (\\S+)")).containsOnly("eclipse-temurin:" + javaVersion + "-jre");
		List<String> user = match(dockerfile, "(?m)^USER (\\d+):(?:\\d+)$");
		assertThat(user).hasSize(1).doesNotContain("0");

		// the CronJob runs that image as that user
		Map<String, Object> pod = (Map<String, Object>) path(kubernetes("CronJob"), "spec", "jobTemplate", "spec",
				"template", "spec");
		Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
		String image = "registry.example.com/" + artifactId + ":" + version;
		assertThat(container).containsEntry("image", image);
		assertThat((Map<String, Object>) pod.get("securityContext")).containsEntry("runAsNonRoot", true)
			.containsEntry("runAsUser", Integer.parseInt(user.get(0)));
		// and so do the workers of remote partitioning
		Map<String, Object> workers = (Map<String, Object>) path(
				new Yaml().load(Files.readString(JOBS.resolve("kubernetes/worker-deployment.yaml"))), "spec",
				"template", "spec");
		assertThat(((List<Map<String, Object>>) workers.get("containers")).get(0)).containsEntry("image", image);
		assertThat((Map<String, Object>) workers.get("securityContext")).containsEntry("runAsNonRoot", true)
			.containsEntry("runAsUser", Integer.parseInt(user.get(0)));

		// and the build commands in the Dockerfile, the manifest and the manual's page
		// on running it name that image and that Dockerfile
		for (String text : List.of(dockerfile, Files.readString(JOBS.resolve("kubernetes/cronjob.yaml")),
				Files.readString(Path.of("src/docs/running.md")))) {
			assertThat(match(text, "docker build -f (\\S+) -t \\S+ \\.")).containsOnly("jobs/container/Dockerfile");
			assertThat(match(text, "docker build -f \\S+ -t (\\S+) \\.")).isNotEmpty().containsOnly(image);
			assertThat(match(text, "docker push (\\S+)")).isNotEmpty().containsOnly(image);
		}
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
	void everyLauncherStartsTheJvmWithJvmOptionsAndThisJvmAcceptsThem() throws Exception {
		assertThat(Files.readString(JOBS.resolve("container/Dockerfile"))).contains("COPY jobs/jvm.options jvm.options")
			.contains("RUN java @jvm.options -XX:ArchiveClassesAtExit=")
			.contains("ENTRYPOINT [\"java\", \"@jvm.options\",");
		assertThat(Files.readString(JOBS.resolve("cron/contact-sync-nightly.sh")))
			.contains("OPTIONS=${CONTACT_SYNC_JVM_OPTIONS_FILE:-$(dirname \"$JAR\")/jvm.options}")
			.contains("JVM+=(\"@$OPTIONS\")");
		for (String unit : List.of("systemd/contact-sync.service", "systemd/contact-sync-worker.service")) {
			List<String> starts = Files.readAllLines(JOBS.resolve(unit))
				.stream()
				.filter((line) -> line.replaceFirst("^#", "").startsWith("ExecStart="))
				.toList();
			assertThat(starts).as(unit)
				.isNotEmpty()
				.allMatch((line) -> line.contains("/usr/bin/java @/opt/contact-sync/jvm.options "));
			assertThat(Files.readString(JOBS.resolve(unit))).as(unit)
				.contains("AssertPathExists=/opt/contact-sync/jvm.options");
		}
		// the options are ones this JVM knows (an unknown -XX option would stop every
		// start)
		Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"@" + JOBS.resolve("jvm.options"), "-version")
			.redirectErrorStream(true)
			.start();
		String output = new String(java.getInputStream().readAllBytes());
		assertThat(java.waitFor()).as(output).isZero();
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

	@SuppressWarnings("unchecked")
	private static Map<String, Object> kubernetes(String kind) throws Exception {
		for (Object document : new Yaml().loadAll(Files.readString(JOBS.resolve("kubernetes/cronjob.yaml")))) {
			if (kind.equals(((Map<String, Object>) document).get("kind"))) {
				return (Map<String, Object>) document;
			}
		}
		throw new IllegalStateException("No " + kind + " in cronjob.yaml");
	}

	@SuppressWarnings("unchecked")
	private static Object path(Map<String, Object> map, String... keys) {
		Object value = map;
		for (String key : keys) {
			value = ((Map<String, Object>) value).get(key);
		}
		return value;
	}

	private static String child(org.w3c.dom.Element parent, String name) {
		for (org.w3c.dom.Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node.getNodeName().equals(name)) {
				return node.getTextContent().trim();
			}
		}
		throw new IllegalStateException("No " + name + " in " + parent.getNodeName());
	}

	private static List<String> match(String text, String pattern) {
		List<String> found = new ArrayList<>();
		Matcher matcher = Pattern.compile(pattern).matcher(text);
		while (matcher.find()) {
			found.add(matcher.group(1));
		}
		return found;
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
