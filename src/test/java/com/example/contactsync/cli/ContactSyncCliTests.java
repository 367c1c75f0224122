package com.example.contactsync.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.OutputCaptureExtension;

import com.example.contactsync.sandbox.TestDustessSandbox;
import com.example.contactsync.support.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as a scheduler uses it: arguments in, output and exit code out. Each command
 * starts and stops the whole application, here on an in-memory H2 database and the sandbox.
 */
/**
 * Usage, configuration errors and the sandbox profile, on an in-memory H2 database. The
 * commands on both databases: {@link AbstractCommandIntegrationTests}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ContactSyncCliTests {

	private static final String TOKEN = "cli-test-token-0123456789";

	private final String databaseUrl = "jdbc:h2:mem:cli-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	private TestDustessSandbox sandbox;

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	@BeforeEach
	void startSandbox() throws IOException {
		this.sandbox = TestDustessSandbox.start(0, TOKEN, JsonMapper.builder().build());
	}

	@AfterEach
	void stopSandbox() {
		this.sandbox.close();
	}

	@Test
	void helpPrintsCommandsAndExitCodes() {
		assertThat(execute("--help")).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("run")
			.contains("status")
			.contains("Exit codes:")
			.contains("1  the run failed or stopped, or the database is unreachable: run it again");
	}

	@Test
	void helpListsEachCommandWithAWholeSentence() {
		assertThat(execute("--help")).isEqualTo(ExitCodes.OK);
		String help = this.out.toString();
		String commands = help.substring(help.indexOf("Commands:"), help.indexOf("Exit codes:"));
		// " serve Keeps running ... ." and its continuation lines, up to the next
		// command
		java.util.regex.Matcher command = java.util.regex.Pattern.compile("(?m)^  ([a-z]+)\\s+(.+(?:\\R {4,}.+)*)")
			.matcher(commands);
		java.util.Map<String, String> descriptions = new java.util.LinkedHashMap<>();
		while (command.find()) {
			descriptions.put(command.group(1), command.group(2).replaceAll("\\s+", " ").strip());
		}
		assertThat(descriptions).containsKeys("run", "restart", "stop", "recover", "status", "failures", "show",
				"requeue", "serve", "worker", "sandbox");
		assertThat(descriptions).allSatisfy((name, description) -> assertThat(description).as(name).endsWith("."));
		assertThat(descriptions.get("serve"))
			.isEqualTo("Keeps running and starts the nightly run from contact-sync.schedule.");
		assertThat(descriptions.get("worker"))
			.isEqualTo("Keeps running and executes partitions of the runs in progress (remote partitioning).");
	}

	@Test
	void runHelpNeedsNoDatabase() {
		assertThat(execute("run", "--help", "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none"))
			.isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("--date=YYYY-MM-DD");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("commandLinesWithAMistake")
	void commandLineWithAMistakeIsUsageError(String mistake, String[] args, String said) {
		assertThat(execute(args)).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains(said);
	}

	static Stream<Arguments> commandLinesWithAMistake() {
		return Stream.of(Arguments.of("no command", new String[0], "Missing command"),
				Arguments.of("a bad date", new String[] { "run", "--date=2026-13-01" }, "--date"),
				Arguments.of("an unknown option", new String[] { "run", "--dryrun" }, "Unknown option"));
	}

	@Test
	void dateOutsideTheAcceptedRangeIsUsageError() {
		assertThat(execute("run", "--date=+10000-01-01", "--spring.datasource.url=" + this.databaseUrl))
			.isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains("--date must lie between 2000-01-01 and 9999-12-31, was +10000-01-01");
		assertThat(execute("run", "--date=1999-12-31", "--spring.datasource.url=" + this.databaseUrl))
			.isEqualTo(ExitCodes.USAGE);
	}

	@Test
	void misspeltSettingIsUsageErrorAndNothingRuns(org.springframework.boot.test.system.CapturedOutput output) {
		assertThat(execute("run", "--contact-sync.chunk-sizee=5", "--dustess.retry.max-atempts=2",
				"--spring.datasource.url=" + this.databaseUrl, "--dustess.base-url=" + this.sandbox.baseUrl(),
				"--dustess.access-token=" + TOKEN))
			.isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains("Unknown settings contact-sync.chunk-sizee (commandLineArgs), "
				+ "dustess.retry.max-atempts (commandLineArgs)");
		// reported as a configuration error, not as a stack trace
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.doesNotContain("at com.example.contactsync.cli.UnknownSettings.check");
		assertThat(this.sandbox.calls()).isZero();
		// relaxed forms of real settings, and other prefixes, are fine
		assertThat(execute("migrate", "--contact-sync.chunkSize=5", "--dustess.rate-limit.callsPerSecond=2",
				"--contact-sync.permanent-codes[0]=13000", "--spring.datasource.url=" + this.databaseUrl))
			.isEqualTo(ExitCodes.OK);
	}

	@Test
	void wrongDatabasePasswordIsConfigurationErrorAndUnreachableDatabaseIsNot() throws Exception {
		try (java.sql.Connection keepOpen = java.sql.DriverManager.getConnection(this.databaseUrl, "sa", "")) {
			assertThat(execute("status", "--spring.datasource.url=" + this.databaseUrl,
					"--spring.datasource.password=wrong"))
				.isEqualTo(ExitCodes.USAGE);
			assertThat(this.err.toString()).contains("The database refused the login or does not exist")
				.doesNotContain("password=wrong");
		}
		assertThat(execute("status", "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
				"--spring.datasource.hikari.connection-timeout=1000"))
			.isEqualTo(ExitCodes.RUN_FAILED);
	}

	@Test
	void runWithPlainHttpToRemoteHostIsConfigurationError() {
		assertThat(execute("run", "--spring.datasource.url=" + this.databaseUrl,
				"--dustess.base-url=http://qw-openapi-tx.dustess.com", "--dustess.access-token=" + TOKEN))
			.isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains("must use https").doesNotContain(TOKEN);
	}

	@Test
	void sandboxProfileSeedsDemoChangesAndRuns() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		assertThat(execute("run", "--date=2026-11-25", "--spring.profiles.active=sandbox",
				"--spring.datasource.url=" + this.databaseUrl, "--contact-sync.sandbox.port=" + port))
			.isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("The sync of 2026-11-25 completed.")
			.containsPattern("COMPLETED.*\\s4\\s+0\\s+219\\s+16\\s+5\\s+0");
	}

	@Test
	void sourceDemoCapturesTheCompanyTableThenSendsOnlyTheEditedRemarks() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		String[] demo = { "--spring.profiles.active=sandbox,source-demo", "--spring.datasource.url=" + this.databaseUrl,
				"--contact-sync.sandbox.port=" + port };
		assertThat(execute(with(demo, "run", "--date=2026-11-25"))).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("Its capture: 60 source rows: 60 new")
			.containsPattern("COMPLETED.*\\s60\\s+0\\s+0\\s+0");
		assertThat(execute(with(demo, "run", "--date=2026-11-25", "--again"))).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString())
			.contains("Its capture: 60 source rows: 0 new, 3 changed, 57 unchanged, 0 back, 0 resync, 0 gone; "
					+ "3 changes (remark=3).");
	}

	private static String[] with(String[] settings, String... command) {
		return java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.Arrays.stream(settings))
			.toArray(String[]::new);
	}

	@Test
	void sandboxProfileRefusesPostgres() {
		TestPostgres.Database database = TestPostgres.createDatabase("cli_sandbox_guard");
		assertThat(execute("run", "--spring.profiles.active=sandbox", "--spring.datasource.url=" + database.url(),
				"--spring.datasource.username=" + database.user(),
				"--spring.datasource.password=" + database.password()))
			.isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains("The sandbox profile runs on the embedded H2 database only");
	}

	private int execute(String... args) {
		this.out.getBuffer().setLength(0);
		this.err.getBuffer().setLength(0);
		return ContactSyncCli.execute(new PrintWriter(this.out, true), new PrintWriter(this.err, true), args);
	}

}
