package com.example.contactsync.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.example.contactsync.operations.RunResult;
import com.example.contactsync.operations.SyncRunner;
import com.example.contactsync.sandbox.TestDustessSandbox;
import com.example.contactsync.support.ContactChanges;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser — Debian's headless {@code chromium} driven by Selenium
 * through {@code chromedriver} — against the real server during a real run against the
 * sandbox: log in, watch the partitions progress, open a contact's story, requeue its
 * failure and see it PENDING, be refused as a viewer; and on every page one {@code h1}, a
 * label for every field and text that contrasts at least 4.5:1. Screenshots go to
 * {@code target/console-screenshots/} ({@code -Dconsole.screenshots.docs=true} also
 * writes those of {@code src/docs/images/}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "contact-sync.chunk-size=2", "contact-sync.concurrency=2",
				"dustess.access-token=" + ConsoleBrowserTests.TOKEN, "dustess.rate-limit.calls-per-second=1000",
				"contact-sync.console.users.viewer.password={noop}viewer-secret",
				"contact-sync.console.users.operator.password={noop}operator-secret",
				"contact-sync.console.users.operator.role=operator",
				"spring.datasource.url=jdbc:h2:mem:console-browser;DB_CLOSE_DELAY=-1" })
@org.junit.jupiter.api.Timeout(value = 90, unit = java.util.concurrent.TimeUnit.SECONDS)
class ConsoleBrowserTests {

	static final String TOKEN = "console-browser-token";

	static final Path SCREENSHOTS = Path.of("target/console-screenshots");

	static final TestDustessSandbox sandbox = startSandbox();

	/**
	 * The browser starts while Spring starts the application (the class is loaded before
	 * its context): the two are the test's longest waits, and neither needs the other.
	 */
	static final CompletableFuture<ChromeDriver> browserStarting = CompletableFuture
		.supplyAsync(ConsoleBrowserTests::newBrowser);

	static ChromeDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	SyncRunner syncRunner;

	@Autowired
	JdbcTemplate jdbcTemplate;

	@DynamicPropertySource
	static void dustessApi(DynamicPropertyRegistry registry) {
		registry.add("dustess.base-url", () -> sandbox.baseUrl().toString());
	}

	@BeforeAll
	static void screenshots() throws IOException {
		Files.createDirectories(SCREENSHOTS);
	}

	@BeforeEach
	void browser() {
		browser = browserStarting.join();
	}

	@AfterAll
	static void stopBrowser() {
		browserStarting.thenAccept(ChromeDriver::quit).join();
	}

	private static ChromeDriver newBrowser() {
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,760");
		// the driver Debian installs: Selenium Manager must not try to download one
		return new ChromeDriver(
				new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
					.build(),
				options);
	}

	@Test
	void operatorWatchesARunRequeuesAFailureAndViewerIsRefused() throws Exception {
		ContactChanges changes = new ContactChanges(this.jdbcTemplate);
		changes.deleteAll();
		for (int i = 0; i < 24; i++) {
			changes.insertValid("crm-" + i);
		}
		long ghost = changes.insertUnknownContact("legacy-7");
		// the test lets the run's calls through, a few at a time: the run stays in
		// progress while it is watched, however fast or slow the machine
		Semaphore calls = new Semaphore(2);
		sandbox.onCall((call) -> calls.acquireUninterruptibly());
		logIn("operator", "operator-secret");
		CompletableFuture<RunResult> run = CompletableFuture
			.supplyAsync(() -> this.syncRunner.run(LocalDate.of(2026, 11, 25)));
		try {
			watchTheRun(run, calls);
		}
		finally {
			calls.release(1000);
			sandbox.onCall((call) -> {
			});
		}
		assertThat(run.get().run().status()).isEqualTo("COMPLETED");

		// a contact's story, its failure requeued
		open("/console/contacts?key=legacy-7");
		assertThat(browser.findElement(By.id("contact-state")).getText()).isEqualTo("FAILED");
		assertThat(browser.getPageSource()).contains("13001");
		accessible("contact");
		browser.findElement(By.linkText("Requeue this change")).click();
		assertThat(browser.findElement(By.id("plan-count")).getText()).isEqualTo("1");
		accessible("confirm");
		browser.findElement(By.id("confirm")).click();
		assertThat(browser.findElement(By.id("result")).getText()).contains("Requeued 1 change");
		browser.findElement(By.id("back")).click();
		assertThat(browser.findElement(By.id("contact-state")).getText()).isEqualTo("PENDING");
		assertThat(changes.state(ghost)).isEqualTo("PENDING");

		open("/console/backlog");
		waitFor(() -> browser.findElements(By.cssSelector("#runs-chart canvas")).isEmpty() ? null : true);
		accessible("backlog");
		open("/console/runs");
		shot("runs");

		// a viewer sees, but may not act; the login page is opened once the logout has
		// landed (a login page of the old session would post a CSRF token the logout
		// invalidated)
		browser.findElement(By.cssSelector("form.logout button")).click();
		waitFor(() -> browser.getCurrentUrl().endsWith("/console/login?logout") ? true : null);
		logIn("viewer", "viewer-secret");
		open("/console/contacts?key=legacy-7");
		assertThat(browser.findElements(By.linkText("Requeue this change"))).isEmpty();
		open("/console/actions/requeue?change=" + ghost);
		assertThat(browser.getPageSource()).contains("403");
		open("/console/login");
		accessible("login");
	}

	/**
	 * The runs list shows the run in progress; its page shows its partitions move as more
	 * calls are let through.
	 */
	private void watchTheRun(CompletableFuture<RunResult> run, Semaphore calls) throws Exception {
		WebElement link = waitFor(() -> {
			open("/console/runs");
			List<WebElement> running = browser.findElements(By.cssSelector("tr.running a"));
			return running.isEmpty() ? null : running.get(0);
		});
		accessible("runs");
		link.click();
		long first = itemsSent();
		shot("run");
		calls.release(2);
		waitFor(() -> (itemsSent() > first) ? true : null);
		accessible("run");
		assertThat(browser.findElements(By.cssSelector("tr.partition"))).hasSize(2);
		assertThat(run).isNotDone();
	}

	private void logIn(String user, String password) {
		open("/console/login");
		browser.findElement(By.id("username")).sendKeys(user);
		browser.findElement(By.id("password")).sendKeys(password);
		String loginPage = browser.getCurrentUrl();
		browser.findElement(By.cssSelector("button[type=submit]")).click();
		waitFor(() -> browser.getCurrentUrl().equals(loginPage) ? null : true);
		assertThat(browser.getCurrentUrl()).endsWith("/console/runs");
	}

	/**
	 * The items of the partitions table, summed in the page in one script: the page
	 * replaces the table while it refreshes, so cells found one call earlier may be gone.
	 */
	private long itemsSent() {
		return ((Number) browser.executeScript("""
				return Array.from(document.querySelectorAll('tr.partition td.items'))
				    .reduce((sum, cell) => sum + Number(cell.textContent.trim()), 0);""")).longValue();
	}

	/**
	 * One {@code h1}; a label for every visible field; every text at least 4.5:1 against
	 * the background it is drawn on. Then a screenshot.
	 */
	private void accessible(String page) throws IOException {
		assertThat(browser.findElements(By.tagName("h1"))).as(page + ": one h1").hasSize(1);
		Object unlabelled = browser.executeScript("""
				return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
				  .filter(e => !e.id || !document.querySelector('label[for="' + e.id + '"]')).map(e => e.name);""");
		assertThat((List<?>) unlabelled).as(page + ": fields without a label").isEmpty();
		Object lowContrast = browser.executeScript(CONTRAST);
		assertThat((List<?>) lowContrast).as(page + ": text under 4.5:1").isEmpty();
		shot(page);
	}

	private static final String CONTRAST = """
			function rgb(c) { const m = c.match(/[\\d.]+/g).map(Number); return { r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1 }; }
			function lum(c) { return [c.r, c.g, c.b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
			  .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0); }
			function background(e) { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.a > 0) return c; }
			  return { r: 255, g: 255, b: 255, a: 1 }; }
			const bad = [];
			document.querySelectorAll('body *').forEach(e => {
			  const own = Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
			  if (!own || e.offsetParent === null) return;
			  const l1 = lum(rgb(getComputedStyle(e).color)), l2 = lum(background(e));
			  const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
			  if (ratio < 4.5) bad.push(e.tagName + ' "' + e.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2));
			});
			return bad;""";

	private void open(String path) {
		browser.get("http://localhost:" + this.port + path);
	}

	private static <T> T waitFor(java.util.function.Supplier<T> condition) {
		return new WebDriverWait(browser, Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(200))
			.until((driver) -> condition.get());
	}

	private static void shot(String page) throws IOException {
		Path file = SCREENSHOTS.resolve("console-" + page + ".png");
		Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
		if (Boolean.getBoolean("console.screenshots.docs")) {
			Files.copy(file, Path.of("src/docs/images").resolve(file.getFileName()),
					StandardCopyOption.REPLACE_EXISTING);
		}
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
