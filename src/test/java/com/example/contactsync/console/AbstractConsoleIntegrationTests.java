package com.example.contactsync.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.test.JobRepositoryTestUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import com.example.contactsync.operations.RunResult;
import com.example.contactsync.operations.SyncRunner;
import com.example.contactsync.sandbox.TestDustessSandbox;
import com.example.contactsync.support.ContactChanges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The console's pages and actions on a real database after a real run against the
 * sandbox: who sees what, who may act, CSRF, the headers, the mask, the audit; the
 * subclasses choose the database.
 */
@SpringBootTest(properties = { "contact-sync.chunk-size=2", "contact-sync.concurrency=2",
		"dustess.access-token=" + AbstractConsoleIntegrationTests.TOKEN, "dustess.retry.max-attempts=2",
		"dustess.retry.initial-delay=10ms", "dustess.retry.jitter=0ms", "dustess.retry.max-retry-after=10ms",
		"dustess.rate-limit.calls-per-second=1000", "contact-sync.console.users.viewer.password={noop}viewer-secret",
		"contact-sync.console.users.operator.password={noop}operator-secret",
		"contact-sync.console.users.operator.role=operator" })
@AutoConfigureMockMvc
@org.junit.jupiter.api.Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS)
abstract class AbstractConsoleIntegrationTests {

	static final String TOKEN = "console-test-token";

	static final LocalDate DATE = LocalDate.of(2026, 11, 25);

	/** A phone number and an e-mail address Dustess quotes back: never in the HTML. */
	static final String PHONE = "13812345678";

	static final String EMAIL = "li.lei@example.com";

	static final TestDustessSandbox sandbox = startSandbox();

	@Autowired
	MockMvc mvc;

	@Autowired
	JdbcTemplate jdbcTemplate;

	@Autowired
	SyncRunner syncRunner;

	@Autowired
	JobRepository jobRepository;

	ContactChanges changes;

	long unknownContact;

	long run;

	@DynamicPropertySource
	static void dustessApi(DynamicPropertyRegistry registry) {
		registry.add("dustess.base-url", () -> sandbox.baseUrl().toString());
	}

	@BeforeEach
	void runOnce() {
		new JobRepositoryTestUtils(this.jobRepository).removeJobExecutions();
		this.jdbcTemplate.update("DELETE FROM contact_sync_console_action");
		this.jdbcTemplate.update("DELETE FROM contact_sync_capture");
		this.jdbcTemplate.update("DELETE FROM contact_sync_rate_limited");
		this.changes = new ContactChanges(this.jdbcTemplate);
		this.changes.deleteAll();
		sandbox.reset();
		this.changes.insertValid("crm-1");
		this.changes.insertValid(PHONE);
		this.unknownContact = this.changes.insertUnknownContact("legacy-2");
		this.changes.insert(Map.of("external_id", "crm-4", "gender", 8));
		RunResult result = this.syncRunner.run(DATE);
		this.run = result.run().executionId();
		// as if Dustess quoted the contact's personal data in its answer
		this.jdbcTemplate.update("UPDATE sync_outcome SET msg = ? WHERE change_id = ?",
				"customer not found: " + PHONE + " " + EMAIL, this.unknownContact);
		this.jdbcTemplate.update("UPDATE contact_change SET last_message = ? WHERE change_id = ?",
				"customer not found: " + PHONE + " " + EMAIL, this.unknownContact);
	}

	@Test
	void pagesWhenNotLoggedInThenRedirectToLoginAndActuatorStaysOpen() throws Exception {
		for (String page : new String[] { "/console/runs", "/console/runs/" + this.run, "/console/backlog",
				"/console/contacts?key=crm-1", "/console/actions/stop" }) {
			this.mvc.perform(get(page)).andExpect(status().isFound()).andExpect(redirectedUrl("/console/login"));
		}
		this.mvc.perform(get("/console/login")).andExpect(status().isOk());
		this.mvc.perform(get("/actuator/health")).andExpect(status().isOk());
	}

	@Test
	void loginWhenPasswordRightThenRunsElseRefusedAndWithoutCsrfForbidden() throws Exception {
		this.mvc.perform(formLogin("/console/login").user("viewer").password("viewer-secret"))
			.andExpect(redirectedUrl("/console/runs"));
		this.mvc.perform(formLogin("/console/login").user("viewer").password("wrong"))
			.andExpect(redirectedUrl("/console/login?error"));
		this.mvc.perform(post("/console/login").param("username", "viewer").param("password", "viewer-secret"))
			.andExpect(status().isForbidden());
	}

	@Test
	void runsWhenViewerThenListsTheRunWithItsCountsAndSecurityHeaders() throws Exception {
		MvcResult result = this.mvc.perform(get("/console/runs").with(user("viewer").roles("VIEWER")))
			.andExpect(status().isOk())
			.andExpect(header().string("X-Content-Type-Options", "nosniff"))
			.andExpect(header().string("X-Frame-Options", "DENY"))
			.andExpect(header().string("Content-Security-Policy", ConsoleConfiguration.CONTENT_SECURITY_POLICY))
			.andReturn();
		assertThat(result.getResponse().getHeader("Cache-Control")).contains("no-store");
		String html = page(result);
		assertThat(html).contains("/console/runs/" + this.run).contains("2026-11-25").contains("COMPLETED");
		assertThat(page(
				this.mvc.perform(get("/console/runs?status=FAILED").with(user("viewer").roles("VIEWER"))).andReturn()))
			.contains("No run matches.");
		assertThat(page(this.mvc
			.perform(get("/console/runs?from=2026-11-25&to=2026-11-25").with(user("viewer").roles("VIEWER")))
			.andReturn())).contains("/console/runs/" + this.run);
		assertThat(page(this.mvc.perform(get("/console/runs?from=2026-11-26").with(user("viewer").roles("VIEWER")))
			.andReturn())).contains("No run matches.");
	}

	@Test
	void runsWhenCallsWereAnsweredHttp429ThenCountedPerRunAlsoWhenTheCallFailed() throws Exception {
		this.changes.insertValid("crm-7");
		int before = sandbox.calls();
		sandbox.faults((call) -> (call == before + 1) ? TestDustessSandbox.Fault.HTTP_429 : null);
		RunResult throttled = this.syncRunner.runAgain(DATE);
		assertThat(throttled.run().status()).isEqualTo("COMPLETED");
		this.changes.insertValid("crm-8");
		sandbox.faults((call) -> TestDustessSandbox.Fault.HTTP_429);
		int beforeFailing = sandbox.calls();
		RunResult failed = this.syncRunner.runAgain(DATE);
		int answered429 = sandbox.calls() - beforeFailing;
		sandbox.faults((call) -> null);
		assertThat(failed.run().status()).isEqualTo("FAILED");
		assertThat(answered429).isGreaterThanOrEqualTo(2);

		String runs = page(this.mvc.perform(get("/console/runs").with(user("viewer").roles("VIEWER"))).andReturn());
		assertThat(rateLimitedCell(runs, failed.run().executionId())).isEqualTo(answered429);
		assertThat(rateLimitedCell(runs, throttled.run().executionId())).isEqualTo(1);
		assertThat(rateLimitedCell(runs, this.run)).isZero();
		assertThat(
				page(this.mvc.perform(get("/console/runs/" + failed.run().executionId()).with(operator())).andReturn()))
			.contains("<span id=\"rate-limited\">" + answered429 + "</span> answered 429");
	}

	@Test
	void runsWhenTheRunCapturedItsSourceThenShowWhatTheCaptureFound() throws Exception {
		assertThat(page(this.mvc.perform(get("/console/runs").with(user("viewer").roles("VIEWER"))).andReturn()))
			.doesNotContain(" of 1000<");
		// as source mode's capture step records itself (CaptureTasklet)
		this.jdbcTemplate.update(
				"""
						INSERT INTO contact_sync_capture (job_execution_id, kind, source_relation, captured_at, source_rows,
						    new_rows, changed_rows, unchanged_rows, returned_rows, resync_rows, gone_rows, rejected_rows, changes)
						VALUES (?, 'CAPTURE', 'crm.contacts', CURRENT_TIMESTAMP, 1000, 3, 1, 996, 0, 0, 2, 0, 4)""",
				this.run);
		assertThat(page(this.mvc.perform(get("/console/runs").with(user("viewer").roles("VIEWER"))).andReturn()))
			.contains("<td class=\"n\">4 of 1000</td>");
		assertThat(page(
				this.mvc.perform(get("/console/runs/" + this.run).with(user("viewer").roles("VIEWER"))).andReturn()))
			.contains("read <span>1000</span> source rows")
			.contains("wrote <span>4</span> changes");
	}

	/** The 429s cell of a run's row in the runs list. */
	private static int rateLimitedCell(String html, long run) {
		java.util.regex.Matcher row = java.util.regex.Pattern
			.compile("/console/runs/" + run + "\"[^<]*</a></td>(.*?)</tr>", java.util.regex.Pattern.DOTALL)
			.matcher(html);
		assertThat(row.find()).as("the row of run %d", run).isTrue();
		java.util.List<String> cells = new java.util.ArrayList<>();
		java.util.regex.Matcher cell = java.util.regex.Pattern.compile("<td[^>]*>(.*?)</td>").matcher(row.group(1));
		while (cell.find()) {
			cells.add(cell.group(1));
		}
		// date, status, exit, started, duration, 4 outcomes, calls, 429s, captured
		return Integer.parseInt(cells.get(10));
	}

	@Test
	void runPageWhenViewerThenShowsPartitionsFailuresByCodeMaskedAndNoActions() throws Exception {
		String html = page(this.mvc.perform(get("/console/runs/" + this.run).with(user("viewer").roles("VIEWER")))
			.andExpect(status().isOk())
			.andReturn());
		assertThat(html).contains("partition 0")
			.contains("partition 1")
			.contains("13001")
			.contains("REJECTED")
			.contains("data-chart=")
			.contains("*******5678")
			.doesNotContain(PHONE)
			.doesNotContain(EMAIL)
			.doesNotContain(TOKEN)
			.doesNotContain("/console/actions/");
		assertThat(page(
				this.mvc.perform(get("/console/runs/" + this.run + "/partitions").with(user("viewer").roles("VIEWER")))
					.andExpect(status().isOk())
					.andReturn()))
			.contains("partition 0")
			.doesNotContain("<html");
		this.mvc.perform(get("/console/runs/999999").with(user("viewer").roles("VIEWER")))
			.andExpect(status().isNotFound());
	}

	@Test
	void backlogWhenViewerThenChangesPerStateAndRunsChart() throws Exception {
		String html = page(this.mvc.perform(get("/console/backlog").with(user("viewer").roles("VIEWER")))
			.andExpect(status().isOk())
			.andReturn());
		assertThat(html).contains("id=\"state-SYNCED\">2<")
			.contains("id=\"state-FAILED\">1<")
			.contains("id=\"state-REJECTED\">1<")
			.contains("&quot;succeeded&quot;:[2]");
	}

	@Test
	void contactWhenKeyGivenThenEveryChangeAndCallMasked() throws Exception {
		String html = page(this.mvc.perform(get("/console/contacts?key=legacy-2").with(user("viewer").roles("VIEWER")))
			.andExpect(status().isOk())
			.andReturn());
		assertThat(html).contains("Change " + this.unknownContact)
			.contains("13001")
			.contains("*******5678")
			.contains("***@***")
			.doesNotContain(PHONE)
			.doesNotContain(EMAIL)
			.doesNotContain("Requeue this change");
		// the partition of its call, linked to that partition's row on the run's page
		Map<String, Object> step = this.jdbcTemplate.queryForMap("""
				SELECT s.step_execution_id, s.step_name FROM sync_outcome o
				  JOIN batch_step_execution s ON s.step_execution_id = o.step_execution_id
				 WHERE o.change_id = ?""", this.unknownContact);
		String partition = "partition "
				+ step.get("step_name").toString().replaceFirst(".*:partition(\\d+)of\\d+", "$1");
		assertThat(html).contains("<td class=\"partition\"><a href=\"/console/runs/" + this.run + "#step-"
				+ step.get("step_execution_id") + "\">" + partition + "</a></td>");
		assertThat(page(
				this.mvc.perform(get("/console/runs/" + this.run).with(user("viewer").roles("VIEWER"))).andReturn()))
			.contains("id=\"step-" + step.get("step_execution_id") + "\"");
		// a call recorded before the schema kept its partition
		this.jdbcTemplate.update("UPDATE sync_outcome SET step_execution_id = NULL WHERE change_id = ?",
				this.unknownContact);
		assertThat(page(this.mvc.perform(get("/console/contacts?key=legacy-2").with(user("viewer").roles("VIEWER")))
			.andReturn())).contains("<td class=\"partition\">-</td>").doesNotContain("#step-");
		String byPhone = page(
				this.mvc.perform(get("/console/contacts?key=" + PHONE).with(user("viewer").roles("VIEWER")))
					.andReturn());
		assertThat(byPhone).contains("SYNCED").contains("*******5678").doesNotContain(PHONE);
		assertThat(page(
				this.mvc.perform(get("/console/contacts?key=nobody").with(user("viewer").roles("VIEWER"))).andReturn()))
			.contains("No change of this contact.");
	}

	@Test
	void actionsWhenViewerThenForbidden() throws Exception {
		for (String action : new String[] { "stop", "restart", "recover", "requeue?change=" + this.unknownContact }) {
			this.mvc.perform(get("/console/actions/" + action).with(user("viewer").roles("VIEWER")))
				.andExpect(status().isForbidden());
		}
		this.mvc
			.perform(post("/console/actions/requeue").param("change", String.valueOf(this.unknownContact))
				.with(user("viewer").roles("VIEWER"))
				.with(csrf()))
			.andExpect(status().isForbidden());
		assertThat(this.changes.state(this.unknownContact)).isEqualTo("FAILED");
	}

	@Test
	void requeueWhenOperatorConfirmsThenPendingAndAuditedElseWithoutCsrfRefused() throws Exception {
		String confirm = page(
				this.mvc.perform(get("/console/actions/requeue?run=" + this.run + "&code=13001").with(operator()))
					.andExpect(status().isOk())
					.andReturn());
		assertThat(confirm).contains("id=\"plan-count\">1<").contains("name=\"_csrf\"");
		this.mvc
			.perform(post("/console/actions/requeue").param("run", String.valueOf(this.run))
				.param("code", "13001")
				.with(operator()))
			.andExpect(status().isForbidden());
		assertThat(this.changes.state(this.unknownContact)).isEqualTo("FAILED");

		String done = page(this.mvc
			.perform(post("/console/actions/requeue").param("run", String.valueOf(this.run))
				.param("code", "13001")
				.param("back", "https://evil.example.com/")
				.with(operator())
				.with(csrf()))
			.andExpect(status().isOk())
			.andReturn());
		assertThat(done).contains("Requeued 1 change").contains("href=\"/console/runs\"");
		assertThat(this.changes.state(this.unknownContact)).isEqualTo("PENDING");
		assertThat(this.jdbcTemplate
			.queryForMap("SELECT username, action, target, touched, result, acted_at FROM contact_sync_console_action"))
			.containsEntry("username", "operator")
			.containsEntry("action", "requeue")
			.containsEntry("target", "run=" + this.run + " code=13001")
			.containsEntry("touched", 1)
			.satisfies((row) -> assertThat(row.get("acted_at")).isNotNull());
	}

	@Test
	void stopAndRecoverWhenNothingRunsThenSayForWhatAndAreAudited() throws Exception {
		assertThat(page(this.mvc.perform(get("/console/actions/stop").with(operator())).andReturn()))
			.contains("No run is in progress.");
		assertThat(page(this.mvc.perform(post("/console/actions/stop").with(operator()).with(csrf())).andReturn()))
			.contains("No run in progress.");
		assertThat(page(this.mvc.perform(get("/console/actions/recover").with(operator())).andReturn()))
			.contains("id=\"plan-count\">0<");
		assertThat(page(this.mvc.perform(post("/console/actions/recover").with(operator()).with(csrf())).andReturn()))
			.contains("Nothing to recover");
		assertThat(this.jdbcTemplate.queryForList("SELECT action FROM contact_sync_console_action ORDER BY action_id",
				String.class))
			.containsExactly("stop", "recover");
	}

	@Test
	void restartWhenRunFailedThenResumesItInTheServer() throws Exception {
		long failing = this.changes.insertValid("crm-9");
		sandbox.faults((call) -> TestDustessSandbox.Fault.HTTP_500);
		RunResult failed = this.syncRunner.runAgain(DATE);
		assertThat(failed.run().status()).isEqualTo("FAILED");
		sandbox.faults((call) -> null);
		assertThat(
				page(this.mvc.perform(get("/console/runs/" + failed.run().executionId()).with(operator())).andReturn()))
			.contains("/console/actions/restart");
		assertThat(page(this.mvc.perform(get("/console/actions/restart").with(operator())).andReturn()))
			.contains("Resumes the run of 2026-11-25");
		assertThat(page(this.mvc.perform(post("/console/actions/restart").with(operator()).with(csrf())).andReturn()))
			.contains("Restarted the run of 2026-11-25");
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!"SYNCED".equals(this.changes.state(failing)) && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		assertThat(this.changes.state(failing)).isEqualTo("SYNCED");
	}

	static org.springframework.test.web.servlet.request.RequestPostProcessor operator() {
		return user("operator").roles("VIEWER", "OPERATOR");
	}

	static String page(MvcResult result) throws Exception {
		return result.getResponse().getContentAsString();
	}

	private static TestDustessSandbox startSandbox() {
		try {
			return TestDustessSandbox.start(0, TOKEN, JsonMapper.builder().build());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
