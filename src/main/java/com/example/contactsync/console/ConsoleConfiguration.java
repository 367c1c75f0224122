package com.example.contactsync.console;

import java.time.ZoneId;
import java.util.List;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import com.example.contactsync.job.ContactSyncProperties;
import com.example.contactsync.monitoring.RunFactsQueries;
import com.example.contactsync.operations.CaptureHistory;
import com.example.contactsync.operations.OperationsQueries;
import com.example.contactsync.operations.RunHistory;
import com.example.contactsync.operations.SyncRunner;
import com.example.contactsync.remote.Workers;
import com.example.contactsync.system.Databases;

/**
 * Wires the console into the web application of {@code serve} and {@code worker}: the
 * login for {@code /console/**}, everything else open as before (Actuator), and the
 * console's pages and actions when a user is configured.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ConsoleProperties.class)
class ConsoleConfiguration {

	/** The content security policy: nothing but this server's own files, no framing. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

	/**
	 * The users (none when the console is off: Spring Boot then makes up no user of its
	 * own).
	 */
	@Bean
	InMemoryUserDetailsManager consoleUsers(ConsoleProperties properties) {
		return ConsoleUsers.of(properties.users());
	}

	/** Everything outside the console (Actuator) stays open, as without the console. */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	SecurityFilterChain openSecurityFilterChain(HttpSecurity http) {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	@ConditionalOnConsole
	SecurityFilterChain consoleSecurityFilterChain(HttpSecurity http) {
		return http.securityMatcher("/console/**")
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/console/login", "/console/assets/**")
				.permitAll()
				.requestMatchers("/console/actions/**")
				.hasRole(ConsoleUsers.OPERATOR)
				.anyRequest()
				.hasRole(ConsoleUsers.VIEWER))
			.formLogin((login) -> login.loginPage("/console/login").defaultSuccessUrl("/console/runs"))
			.logout((logout) -> logout.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?logout"))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.frameOptions((frames) -> frames.deny()))
			.build();
	}

	/**
	 * A session ends after {@code contact-sync.console.session-timeout} without a
	 * request.
	 */
	@Bean
	@ConditionalOnConsole
	HttpSessionListener consoleSessionTimeout(ConsoleProperties properties) {
		int seconds = (int) properties.sessionTimeout().toSeconds();
		return new HttpSessionListener() {
			@Override
			public void sessionCreated(HttpSessionEvent event) {
				event.getSession().setMaxInactiveInterval(seconds);
			}
		};
	}

	/**
	 * The console's own queries; a run's partitions come with the worker that claimed
	 * each where the database keeps the claims of remote workers (PostgreSQL, whatever
	 * partitioning this process uses: a run may have had remote workers).
	 */
	@Bean
	@ConditionalOnConsole
	ConsoleQueries consoleQueries(JdbcTemplate jdbcTemplate, ObjectProvider<Workers> workers) {
		Workers claims = workers
			.getIfAvailable(() -> Databases.isPostgres(jdbcTemplate) ? new Workers(jdbcTemplate) : null);
		return new ConsoleQueries(jdbcTemplate, (claims != null) ? claims::partitionWorkers : (run) -> List.of());
	}

	@Bean
	@ConditionalOnConsole
	ChangePages consoleChangePages(RunFactsQueries consoleRunFacts, ConsoleQueries queries,
			OperationsQueries operationsQueries) {
		return new ChangePages(consoleRunFacts, queries, operationsQueries);
	}

	@Bean
	@ConditionalOnConsole
	RunPages consoleRunPages(RunHistory runHistory, OperationsQueries operationsQueries, ConsoleQueries queries,
			CaptureHistory captureHistory, ContactSyncProperties properties) {
		return new RunPages(runHistory, operationsQueries, queries, new RunPages.Extras(captureHistory),
				(properties.partitioning() == ContactSyncProperties.Partitioning.REMOTE) ? "remote worker"
						: "this process");
	}

	@Bean
	@ConditionalOnConsole
	RunFactsQueries consoleRunFacts(JdbcTemplate jdbcTemplate, RunHistory runHistory) {
		return new RunFactsQueries(jdbcTemplate, runHistory, ZoneId.systemDefault());
	}

	@Bean(destroyMethod = "shutdown")
	@ConditionalOnConsole
	ThreadPoolTaskExecutor consoleRuns() {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setThreadNamePrefix("contact-sync-console-run-");
		executor.setCorePoolSize(1);
		executor.setWaitForTasksToCompleteOnShutdown(true);
		executor.setAwaitTerminationSeconds(15 * 60);
		executor.initialize();
		return executor;
	}

	@Bean
	@ConditionalOnConsole
	ConsoleActions consoleActions(SyncRunner syncRunner, OperationsQueries operationsQueries, JdbcTemplate jdbcTemplate,
			ThreadPoolTaskExecutor consoleRuns) {
		return new ConsoleActions(syncRunner, operationsQueries, new ConsoleAudit(jdbcTemplate), consoleRuns);
	}

}
