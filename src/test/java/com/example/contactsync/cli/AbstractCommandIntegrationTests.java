package com.example.contactsync.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.example.contactsync.sandbox.TestDustessSandbox;
import com.example.contactsync.sandbox.TestDustessSandbox.Fault;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as a scheduler uses it: arguments in, output and exit code out. Each command
 * starts and stops the whole application, here on an in-memory H2 database and the sandbox.
 */
/**
 * The commands as a scheduler and an operator use them: arguments in, output and exit
 * code out. Each command starts and stops the whole application against the sandbox; the
 * subclasses choose the database, a new one per test.
 */
@ExtendWith(OutputCaptureExtension.class)
@org.junit.jupiter.api.Timeout(value = 180, unit = java.util.concurrent.TimeUnit.SECONDS)
abstract class AbstractCommandIntegrationTests {

	static final String TOKEN = "cli-test-token-0123456789";

	private TestDustessSandbox sandbox;

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	private String databaseUrl;

	/** The access token {@link #app} gives the commands. */
	private String token = TOKEN;

	private String user;

	private String password;

	/** A new, empty database: {url, user, password}. */
	abstract String[] newDatabase();

	@BeforeEach
	void startSandbox() throws IOException {
		this.sandbox = TestDustessSandbox.start(0, TOKEN, JsonMapper.builder().build());
		String[] database = newDatabase();
		this.databaseUrl = database[0];
		this.user = database[1];
		this.password = database[2];
	}

	@AfterEach
	void stopSandbox() {
		this.sandbox.close();
	}

	@Test
	void runThenRunAgainThenStatus(CapturedOutput output) throws SQLException {
		assertThat(execute(app("status"))).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains("The database has no contact-sync tables")
			.contains("nothing has run here yet");
		assertThat(execute(app("migrate"))).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).containsPattern("The contact-sync schema \\(.*\\) is at version \\d+");
		assertThat(execute(app("status"))).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("No runs yet.");
		insertChanges(3);

		assertThat(execute(app("run", "--date=2026-11-24"))).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("The sync of 2026-11-24 completed.")
			.containsPattern("1\\s+2026-11-24\\s+COMPLETED\\s+.*\\s+1\\s+0\\s+3\\s+0\\s+0\\s+0");

		assertThat(execute(app("run", "--date=2026-11-24"))).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("has already completed; nothing was sent");
		assertThat(this.sandbox.calls()).isEqualTo(1);

		assertThat(execute(app("status", "--limit=5"))).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("RUN  DATE").contains("2026-11-24  COMPLETED");
		assertThat(output.getAll()).doesNotContain(TOKEN);
	}

	@Test
	void runWhenApiFailsExitsOneAndSameCommandResumes(CapturedOutput output) throws SQLException {
		execute(app("migrate"));
		insertChanges(2);
		this.sandbox.faults((call) -> Fault.HTTP_500);

		assertThat(execute(app("run", "--date=2026-11-25"))).isEqualTo(ExitCodes.RUN_FAILED);
		assertThat(this.out.toString()).contains("ended FAILED")
			.contains("HTTP 500")
			.contains("run the same command again to resume it");

		this.sandbox.faults((call) -> null);
		assertThat(execute(app("run", "--date=2026-11-25"))).isEqualTo(ExitCodes.OK);
		assertThat(this.sandbox.receivedCalls()).hasSize(1);
		assertThat(output.getAll()).doesNotContain(TOKEN);
	}

	@Test
	void runNeverExceedsTheCallRateMeasuredByTheServersClock() throws SQLException {
		execute(app("migrate"));
		insertChanges(12);

		assertThat(execute(app("run", "--date=2026-11-25", "--contact-sync.chunk-size=1",
				"--contact-sync.concurrency=4", "--dustess.rate-limit.calls-per-second=5")))
			.isEqualTo(ExitCodes.OK);

		List<Long> arrivals = this.sandbox.arrivals();
		assertThat(arrivals).hasSize(12);
		int busiestSecond = 0;
		for (long start : arrivals) {
			busiestSecond = Math.max(busiestSecond,
					(int) arrivals.stream()
						.filter((arrival) -> arrival >= start && arrival - start < 1_000_000_000L)
						.count());
		}
		List<Long> gapsMillis = new ArrayList<>();
		for (int i = 1; i < arrivals.size(); i++) {
			gapsMillis.add((arrivals.get(i) - arrivals.get(i - 1)) / 1_000_000);
		}
		assertThat(busiestSecond).as("calls in the busiest second; gaps between arrivals in ms: %s", gapsMillis)
			.isLessThanOrEqualTo(5)
			.isGreaterThanOrEqualTo(4);
	}

	@Test
	void dryRunReportsWhatARunWouldDoAndChangesNothing() throws SQLException {
		execute(app("migrate"));
		insertChanges(3);
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO contact_change (external_id, gender) VALUES ('crm-bad', 9)");
			statement.execute("INSERT INTO contact_change (external_id, remark, address, mobiles) VALUES ('crm-1', "
					+ "'again, call 13911112222', 'mail a.b@example.com', '[{\"tel\":\"13812345678\",\"type\":\"mobile\"}]')");
		}
		String before = tables();

		assertThat(execute(app("run", "--dry-run"))).isEqualTo(ExitCodes.OK);

		assertThat(this.out.toString()).contains("Dry run: nothing was sent and nothing was changed.")
			.contains("up to change_id 5: 5 changes -> 3 entries in 1 calls; 1 rejected.")
			.contains("4       gender must be 0 (unknown), 1 (male) or 2 (female), was 9")
			.contains("\"tel\" : \"*********78\"")
			.contains("\"type\" : \"mobile\"")
			.contains("\"remark\" : \"*********************22\"")
			.contains("\"address\" : \"******************om\"")
			.doesNotContain("again")
			.doesNotContain("13812345678")
			.doesNotContain("13911112222")
			.doesNotContain("a.b@example.com");
		assertThat(this.sandbox.calls()).isZero();
		assertThat(tables()).isEqualTo(before);

		assertThat(execute(app("run", "--dry-run", "--json"))).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("\"entries\" : 3")
			.contains("\"rejected\" : 1")
			.doesNotContain("13911112222")
			.doesNotContain("a.b@example.com");
	}

	@Test
	void runExitsThreeWhenTooManyItemsDidNotSucceed() throws SQLException {
		execute(app("migrate"));
		insertChanges(3);
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO contact_change (customer_id) VALUES ('legacy-1')");
		}

		assertThat(execute(app("run", "--date=2026-11-25", "--contact-sync.alert-failure-ratio=0.2")))
			.isEqualTo(ExitCodes.TOO_MANY_FAILURES);
		assertThat(this.out.toString()).contains("More than 20% of the items did not succeed");
		// the next date retries only the failed item, which fails again: 100% is within a
		// ratio of 1
		assertThat(execute(app("run", "--date=2026-11-26", "--contact-sync.alert-failure-ratio=1"))).isZero();
	}

	@Test
	void failuresShowRequeueAndJson() throws SQLException {
		execute(app("migrate"));
		insertChanges(2);
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO contact_change (customer_id) VALUES ('legacy-1')");
			statement.execute("INSERT INTO contact_change (external_id, education) VALUES ('crm-x', '99')");
		}
		assertThat(execute(app("run", "--date=2026-11-25"))).isEqualTo(ExitCodes.TOO_MANY_FAILURES);

		assertThat(execute(app("failures"))).isZero();
		assertThat(this.out.toString())
			.contains("RUN  CHANGE  CUSTOMER_ID  EXTERNAL_ID  OUTCOME   CODE   NOW       MESSAGE")
			.containsPattern("1\\s+3\\s+legacy-1\\s+-\\s+FAILED\\s+13001\\s+FAILED\\s+customer not found")
			.containsPattern("1\\s+4\\s+-\\s+crm-x\\s+REJECTED\\s+-\\s+REJECTED\\s+education must be");
		assertThat(execute(app("failures", "--code=13001", "--json"))).isZero();
		assertThat(this.out.toString()).contains("\"changeId\" : 3").doesNotContain("\"changeId\" : 4");

		assertThat(execute(app("show", "--change=3"))).isZero();
		assertThat(this.out.toString()).contains("FAILED")
			.contains("customer not found")
			.containsPattern("1\\s+2026-11-25\\s+partition0of1\\s+FAILED");
		// a missing change is an answer: exit 0, no usage text after it
		assertThat(execute(app("show", "--change=999999"))).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).isEqualTo("There is no change 999999." + System.lineSeparator());
		assertThat(this.err.toString()).doesNotContain("Usage");
		assertThat(execute(app("show", "--change=999999", "--json"))).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString().strip()).isEqualTo("null");

		assertThat(execute(app("requeue"))).isEqualTo(ExitCodes.USAGE);
		assertThat(execute(app("requeue", "--run=1", "--state=REJECTED"))).isZero();
		assertThat(this.out.toString()).contains("Requeued 1 change:");
		assertThat(execute(app("show", "--change=4", "--json"))).isZero();
		assertThat(this.out.toString()).contains("\"state\" : \"PENDING\"");
		assertThat(execute(app("requeue", "--change=3,1"))).isZero();
		assertThat(this.out.toString()).contains("Requeued 1 change:");

		assertThat(execute(app("status", "--json"))).isZero();
		assertThat(this.out.toString()).contains("\"status\" : \"COMPLETED\"").contains("\"failed\" : 1");
	}

	@Test
	void restartResumesTheNewestFailedRun() throws SQLException {
		execute(app("migrate"));
		assertThat(execute(app("restart"))).isZero();
		assertThat(this.out.toString()).contains("Nothing to restart");
		insertChanges(2);
		this.sandbox.faults((call) -> Fault.HTTP_500);
		assertThat(execute(app("run", "--date=2026-11-20", "--dustess.retry.max-attempts=1")))
			.isEqualTo(ExitCodes.RUN_FAILED);
		this.sandbox.faults((call) -> null);

		assertThat(execute(app("restart"))).isZero();

		assertThat(this.out.toString()).contains("The sync of 2026-11-20 completed.");
		assertThat(execute(app("restart"))).isZero();
		assertThat(this.out.toString()).contains("Nothing to restart");
	}

	@Test
	void runOfAFutureDateIsRefusedAndWritesNothing() throws SQLException {
		execute(app("migrate"));
		insertChanges(2);
		String before = tables();
		LocalDate tomorrow = LocalDate.now().plusDays(1);

		assertThat(execute(app("run", "--date=" + tomorrow))).isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString().strip())
			.isEqualTo("contact-sync: --date may not be after today (" + LocalDate.now() + " in "
					+ ZoneId.systemDefault().getId() + "), was " + tomorrow + "; to run today once more: run --again");
		assertThat(this.out.toString()).isEmpty();
		assertThat(execute(app("run", "--again", "--dry-run", "--date=" + tomorrow))).isEqualTo(ExitCodes.USAGE);
		assertThat(this.sandbox.calls()).isZero();
		assertThat(tables()).isEqualTo(before);
		// today is the limit
		assertThat(execute(app("run"))).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("The sync of " + LocalDate.now() + " completed.");
	}

	@Test
	void runAgainSendsTheChangesThatArrivedSinceAsARunOfItsOwn() throws SQLException {
		execute(app("migrate"));
		insertChanges(2);
		assertThat(execute(app("run", "--date=2026-11-24"))).isEqualTo(ExitCodes.OK);
		insertChange("crm-3");
		assertThat(execute(app("run", "--date=2026-11-24"))).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("has already completed; nothing was sent")
			.contains("'run --again' sends them now");
		assertThat(execute(app("run", "--dry-run", "--again", "--date=2026-11-24"))).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("1 changes -> 1 entries in 1 calls");
		assertThat(this.sandbox.calls()).isEqualTo(1);

		assertThat(execute(app("run", "--again", "--date=2026-11-24"))).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("The sync of 2026-11-24 #2 completed.")
			.containsPattern("2\\s+2026-11-24 #2\\s+COMPLETED\\s+.*\\s+1\\s+0\\s+1\\s+0\\s+0\\s+0");
		assertThat(this.sandbox.calls()).isEqualTo(2);
		assertThat(String.valueOf(this.sandbox.receivedCalls().get(1))).contains("crm-3").doesNotContain("crm-1");

		// a third run of the date fails; --again (the same command) and restart resume
		// it,
		// never a fourth
		insertChange("crm-4");
		this.sandbox.faults((call) -> Fault.HTTP_500);
		assertThat(execute(app("run", "--again", "--date=2026-11-24", "--dustess.retry.max-attempts=1")))
			.isEqualTo(ExitCodes.RUN_FAILED);
		assertThat(this.out.toString()).contains("The sync of 2026-11-24 #3 ended FAILED");
		assertThat(execute(app("run", "--again", "--date=2026-11-24", "--dustess.retry.max-attempts=1")))
			.isEqualTo(ExitCodes.RUN_FAILED);
		assertThat(this.out.toString()).contains("The sync of 2026-11-24 #3 ended FAILED");
		this.sandbox.faults((call) -> null);
		assertThat(execute(app("restart"))).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("The sync of 2026-11-24 #3 completed.");
		assertThat(execute(app("run", "--date=2026-11-24"))).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("The sync of 2026-11-24 #3 has already completed");

		assertThat(execute(app("status"))).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).containsPattern("5\\s+2026-11-24 #3\\s+COMPLETED")
			.containsPattern("4\\s+2026-11-24 #3\\s+FAILED\\s+.*HTTP 500")
			.containsPattern("2\\s+2026-11-24 #2\\s+COMPLETED")
			.containsPattern("1\\s+2026-11-24\\s+COMPLETED");
		assertThat(execute(app("status", "--json"))).isEqualTo(ExitCodes.OK);
		assertThat(this.out.toString()).contains("\"rerun\" : 3").contains("\"rerun\" : null");
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			var rs = statement.executeQuery("SELECT COUNT(*) FROM contact_change WHERE sync_state = 'SYNCED'");
			rs.next();
			assertThat(rs.getInt(1)).isEqualTo(4);
		}
	}

	@Test
	void runWhenStaticTokenRefusedExitsTwoWithOneLineAndTheHistorySaysWhy(CapturedOutput output) throws SQLException {
		execute(app("migrate"));
		insertChanges(4);
		this.token = "refused-token-98765";

		assertThat(execute(app("run", "--date=2026-11-25", "--contact-sync.concurrency=2"))).isEqualTo(ExitCodes.USAGE);

		assertThat(this.out.toString()).isEmpty();
		assertThat(this.err.toString()).hasLineCount(1)
			.startsWith("contact-sync: The sync of 2026-11-25 (run 1) failed: Dustess refused the access token "
					+ "dustess.access-token (env DUSTESS_ACCESS_TOKEN): batchEditCustomer failed without per-item "
					+ "results: code=40001")
			.endsWith("fix the setting, then run the same command again to resume it." + System.lineSeparator());
		assertThat(output.getAll()).doesNotContain("\tat ")
			.doesNotContain("Exception")
			.doesNotContain("refused-token-98765");
		assertThat(exitMessages()).singleElement()
			.asString()
			.startsWith("Dustess refused the access token dustess.access-token");

		assertThat(execute(app("status"))).isZero();
		assertThat(this.out.toString())
			.containsPattern("1\\s+2026-11-25\\s+FAILED\\s+.*Dustess refused the access token");
		assertThat(execute(app("failures"))).isZero();
		assertThat(this.out.toString())
			.startsWith("Run 1 (2026-11-25) ended FAILED as a whole: Dustess refused the access token")
			.contains("No item failed.");

		// fixed: the same command resumes the run
		this.token = TOKEN;
		assertThat(execute(app("run", "--date=2026-11-25", "--contact-sync.concurrency=2"))).isZero();
		assertThat(this.out.toString()).contains("The sync of 2026-11-25 completed.");
	}

	@Test
	void runWhenClientCredentialsRefusedExitsTwoWithOneLineAndTheHistorySaysWhy(CapturedOutput output)
			throws SQLException {
		String secret = "client-secret-value-4321";
		String[] credentials = migrateWithClientCredentials(secret);

		// the secret refused at the token exchange
		assertThat(execute(concat(new String[] { "run", "--date=2026-11-25" },
				concat(credentials, "--dustess.client-secret=wrong-secret"))))
			.isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).hasLineCount(1)
			.startsWith("contact-sync: The sync of 2026-11-25 (run 1) failed: Dustess refused dustess.client-id / "
					+ "dustess.client-secret (env DUSTESS_CLIENT_ID, DUSTESS_CLIENT_SECRET)");
		assertThat(this.sandbox.calls()).isZero();
		// a token had, but every token refused by the API, also a new one
		this.sandbox.onCall((call) -> this.sandbox.expireIssuedTokens());
		assertThat(execute(concat(new String[] { "run", "--date=2026-11-25" },
				concat(credentials, "--dustess.client-secret=" + secret))))
			.isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).hasLineCount(1)
			.startsWith("contact-sync: The sync of 2026-11-25 (run 2) failed: Dustess refused the access token "
					+ "fetched with dustess.client-id / dustess.client-secret");
		assertThat(this.sandbox.calls()).isEqualTo(2);
		assertThat(exitMessages()).hasSize(2)
			.allSatisfy((message) -> assertThat(message).startsWith("Dustess refused "));
		assertThat(output.getAll()).doesNotContain("\tat ").doesNotContain(secret).doesNotContain("sbx-");

		this.sandbox.onCall((call) -> {
		});
		assertThat(execute(concat(new String[] { "run", "--date=2026-11-25" },
				concat(credentials, "--dustess.client-secret=" + secret))))
			.isZero();
		assertThat(this.out.toString()).contains("The sync of 2026-11-25 completed.");
	}

	private List<String> exitMessages() throws SQLException {
		List<String> messages = new ArrayList<>();
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			var rs = statement.executeQuery("SELECT exit_message FROM batch_job_execution ORDER BY job_execution_id");
			while (rs.next()) {
				messages.add(rs.getString(1));
			}
		}
		return messages;
	}

	@Test
	void runWithoutAccessTokenIsConfigurationErrorAndSendsNothing() {
		assertThat(execute("run", "--spring.datasource.url=" + this.databaseUrl,
				"--spring.datasource.username=" + this.user, "--spring.datasource.password=" + this.password,
				"--dustess.base-url=" + this.sandbox.baseUrl()))
			.isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains("DUSTESS_ACCESS_TOKEN");
		assertThat(this.sandbox.calls()).isZero();
	}

	@Test
	void runAtTraceLevelNeverLogsATokenOrTheClientSecret(CapturedOutput output) throws SQLException {
		execute(app("migrate"));
		insertChanges(2);
		assertThat(execute(concat(app("run", "--date=2026-11-25"), "--logging.level.root=TRACE",
				"--logging.level.jdk.internal.httpclient=TRACE")))
			.isZero();
		assertThat(output.getAll()).contains("accessToken=***").doesNotContain(TOKEN);

		String secret = "client-secret-value-5678";
		this.sandbox.clientCredentials("client-1", secret, 7200);
		insertChanges(2);
		assertThat(execute("run", "--date=2026-11-26", "--logging.level.root=TRACE",
				"--logging.level.jdk.internal.httpclient=TRACE", "--spring.datasource.url=" + this.databaseUrl,
				"--spring.datasource.username=" + this.user, "--spring.datasource.password=" + this.password,
				"--dustess.base-url=" + this.sandbox.baseUrl(), "--dustess.client-id=client-1",
				"--dustess.client-secret=" + secret))
			.isZero();
		assertThat(this.sandbox.tokenRequests()).isEqualTo(1);
		assertThat(output.getAll()).doesNotContain(secret).doesNotContainPattern("sbx-[0-9a-f]{8}-");
	}

	@Test
	void runWithClientCredentialsFetchesATokenAndRenewsItWhenRefused(CapturedOutput output) throws SQLException {
		String secret = "client-secret-value-1234";
		String[] credentials = concat(migrateWithClientCredentials(secret), "--dustess.client-secret=" + secret);

		assertThat(execute(concat(new String[] { "run", "--date=2026-11-25" }, credentials))).isZero();
		assertThat(this.sandbox.tokenRequests()).isEqualTo(1);

		// the tokens expire as the next run's first call arrives: it is refused as a
		// whole, a new
		// token is fetched and the call is sent once more
		this.sandbox.onCall((call) -> {
			if (call == 2) {
				this.sandbox.expireIssuedTokens();
			}
		});
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO contact_change (external_id) VALUES ('crm-later')");
		}
		String[] nextRun = concat(new String[] { "run", "--date=2026-11-26" }, credentials);
		assertThat(execute(nextRun)).isZero();
		assertThat(this.out.toString()).contains("The sync of 2026-11-26 completed.");
		assertThat(this.sandbox.calls()).isEqualTo(3);
		assertThat(this.sandbox.tokenRequests()).isEqualTo(3);
		assertThat(this.sandbox.receivedCalls()).hasSize(2);
		assertThat(output.getAll()).contains("fetching a new access token and sending once more");

		assertThat(execute(
				concat(new String[] { "run", "--date=2026-11-27" }, credentials[0], credentials[1], credentials[2],
						credentials[3], "--dustess.client-id=client-1", "--dustess.client-secret=wrong-secret")))
			.isEqualTo(ExitCodes.USAGE);
		assertThat(this.err.toString()).contains("Dustess refused dustess.client-id / dustess.client-secret");
		assertThat(output.getAll()).doesNotContain(secret).doesNotContain("sbx-");
	}

	/**
	 * Lets the sandbox issue tokens to {@code client-1} with {@code secret}, migrates,
	 * inserts two changes and returns the settings of a run with client-1's credentials
	 * but its secret.
	 */
	private String[] migrateWithClientCredentials(String secret) throws SQLException {
		this.sandbox.clientCredentials("client-1", secret, 7200);
		execute(app("migrate"));
		insertChanges(2);
		return new String[] { "--spring.datasource.url=" + this.databaseUrl,
				"--spring.datasource.username=" + this.user, "--spring.datasource.password=" + this.password,
				"--dustess.base-url=" + this.sandbox.baseUrl(), "--dustess.client-id=client-1",
				"--contact-sync.concurrency=1" };
	}

	private static String[] concat(String[] first, String... rest) {
		String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
		System.arraycopy(rest, 0, all, first.length, rest.length);
		return all;
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(this.databaseUrl, this.user, this.password);
	}

	private void insertChanges(int count) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			for (int i = 1; i <= count; i++) {
				statement
					.execute("INSERT INTO contact_change (external_id, remark) VALUES ('crm-" + i + "', 'n" + i + "')");
			}
		}
	}

	private void insertChange(String externalId) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO contact_change (external_id) VALUES ('" + externalId + "')");
		}
	}

	private String tables() throws SQLException {
		StringBuilder text = new StringBuilder();
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			for (String query : List.of("SELECT * FROM contact_change ORDER BY change_id", "SELECT * FROM sync_outcome",
					"SELECT * FROM batch_job_instance", "SELECT * FROM batch_job_execution",
					"SELECT * FROM batch_step_execution", "SELECT * FROM batch_job_execution_context")) {
				var rs = statement.executeQuery(query);
				int columns = rs.getMetaData().getColumnCount();
				while (rs.next()) {
					for (int i = 1; i <= columns; i++) {
						text.append(rs.getString(i)).append('|');
					}
					text.append('\n');
				}
				text.append("--\n");
			}
		}
		return text.toString();
	}

	/**
	 * The command with the settings of this test's database and sandbox; one partition
	 * unless the command says otherwise, so that calls can be counted.
	 */
	private String[] app(String... command) {
		List<String> args = new ArrayList<>(List.of(command));
		if (args.stream().noneMatch((arg) -> arg.startsWith("--contact-sync.concurrency="))) {
			args.add("--contact-sync.concurrency=1");
		}
		args.add("--spring.datasource.url=" + this.databaseUrl);
		args.add("--spring.datasource.username=" + this.user);
		args.add("--spring.datasource.password=" + this.password);
		args.add("--dustess.base-url=" + this.sandbox.baseUrl());
		args.add("--dustess.access-token=" + this.token);
		args.add("--dustess.retry.initial-delay=10ms");
		return args.toArray(String[]::new);
	}

	private int execute(String... args) {
		this.out.getBuffer().setLength(0);
		this.err.getBuffer().setLength(0);
		return ContactSyncCli.execute(new PrintWriter(this.out, true), new PrintWriter(this.err, true), args);
	}

}
