package com.example.contactsync.console;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code contact-sync.console.session-timeout} on the real server (its servlet container
 * expires sessions, which MockMvc does not): a session stays while requests come, and one
 * idle past the timeout must log in again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "contact-sync.console.users.viewer.password={noop}viewer-secret",
				"contact-sync.console.session-timeout=2s", "dustess.access-token=session-test-token",
				"spring.datasource.url=jdbc:h2:mem:console-session;DB_CLOSE_DELAY=-1" })
class ConsoleSessionTimeoutTests {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@LocalServerPort
	int port;

	private final HttpClient client = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	@Test
	void sessionWhenIdlePastTheTimeoutThenLogInAgain() throws Exception {
		Matcher token = CSRF.matcher(get("/console/login").body());
		assertThat(token.find()).isTrue();
		String form = "username=viewer&password=viewer-secret&_csrf="
				+ URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
		HttpResponse<String> login = this.client.send(HttpRequest.newBuilder(uri("/console/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(login.headers().firstValue("Location"))
			.hasValueSatisfying((to) -> assertThat(to).endsWith("/console/runs"));
		assertThat(get("/console/runs").statusCode()).isEqualTo(200);
		// requests less than the timeout apart keep the session, longer than it in all
		Thread.sleep(1200);
		assertThat(get("/console/runs").statusCode()).isEqualTo(200);
		Thread.sleep(1200);
		assertThat(get("/console/runs").statusCode()).isEqualTo(200);
		// idle past it: the login page again
		Thread.sleep(3000);
		HttpResponse<String> idle = get("/console/runs");
		assertThat(idle.statusCode()).isEqualTo(302);
		assertThat(idle.headers().firstValue("Location"))
			.hasValueSatisfying((to) -> assertThat(to).endsWith("/console/login"));
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
