package com.example.contactsync.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import picocli.CommandLine;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.example.contactsync.remote.WorkerHeartbeat;
import com.example.contactsync.system.InvalidConfigurationException;

import com.example.contactsync.ContactSyncApplication;
import com.example.contactsync.logging.PersonalDataMasking;
import com.example.contactsync.monitoring.MetricsPush;
import com.example.contactsync.operations.ScheduledSync;

/**
 * The command line: parses the command with picocli before anything starts (so
 * {@code --help} and usage errors need no database), then starts the Spring application
 * for the command.
 * <p>
 * Arguments of the form {@code --some.property=value} (a dot in the name) are Spring
 * settings, such as {@code --spring.profiles.active=sandbox}; they go to Spring, not to
 * the command.
 */
public final class ContactSyncCli {

	private static final Pattern SPRING_PROPERTY = Pattern.compile("--[A-Za-z0-9_-]+\\.[^=]+=.*");

	private final List<String> springArguments;

	private final DatabaseTarget databaseTarget = new DatabaseTarget();

	private ContactSyncCli(List<String> springArguments) {
		this.springArguments = springArguments;
	}

	/**
	 * Runs the command the arguments name and returns the exit code ({@link ExitCodes}).
	 */
	public static int execute(String... args) {
		return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
	}

	static int execute(PrintWriter out, PrintWriter err, String... args) {
		List<String> springArguments = new ArrayList<>();
		List<String> commandArguments = new ArrayList<>();
		for (String arg : args) {
			(SPRING_PROPERTY.matcher(arg).matches() ? springArguments : commandArguments).add(arg);
		}
		ContactSyncCli cli = new ContactSyncCli(springArguments);
		CommandLine commandLine = ContactSyncCommand.commandLine(cli);
		commandLine.setOut(out);
		commandLine.setErr(err);
		commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
			cmd.getErr().println("contact-sync: " + PersonalDataMasking.maskForOutput(ExitCodes.messageOf(ex)));
			return ExitCodes.forFailure(ex);
		});
		return commandLine.execute(commandArguments.toArray(String[]::new));
	}

	/**
	 * Starts the application as a service: with its web server (Actuator) and the
	 * schedule.
	 */
	ConfigurableApplicationContext startServer() {
		try {
			return server(this.databaseTarget, this.springArguments.toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			throw this.databaseTarget.explain(ex);
		}
	}

	/**
	 * Starts the application as a remote partitioning worker: with its web server
	 * (Actuator) and the flow that executes partitions, without the schedule. Prometheus
	 * scrapes it: it never pushes its metrics (it would replace the run's).
	 */
	ConfigurableApplicationContext startWorker() {
		ConfigurableApplicationContext context;
		try {
			context = application(WebApplicationType.SERVLET, false).listeners(this.databaseTarget)
				// a worker is remote partitioning's, unless the settings say otherwise
				.properties("contact-sync.worker=true", "contact-sync.partitioning=remote")
				.run(this.springArguments.toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			throw this.databaseTarget.explain(ex);
		}
		if (context.getBeanNamesForType(WorkerHeartbeat.class).length == 0) {
			context.close();
			throw new InvalidConfigurationException("'worker' executes the partitions of remote partitioning, but "
					+ "contact-sync.partitioning is local here: set CONTACT_SYNC_PARTITIONING=remote for the workers "
					+ "and for the process that runs the job.");
		}
		return context;
	}

	/**
	 * The service-mode application, started with the given Spring arguments. Prometheus
	 * scrapes it: it never pushes its metrics.
	 */
	public static ConfigurableApplicationContext server(String... springArguments) {
		return server(new DatabaseTarget(), springArguments);
	}

	private static ConfigurableApplicationContext server(DatabaseTarget databaseTarget, String... springArguments) {
		ConfigurableApplicationContext context = application(WebApplicationType.SERVLET, false)
			.listeners(databaseTarget)
			.properties("contact-sync.serve=true")
			.run(springArguments);
		// only now: a run that ended while the context started would publish its RunEnded
		// before the @EventListener methods (the run's metrics) are registered, and be
		// lost
		context.getBeanProvider(ScheduledSync.class).ifAvailable(ScheduledSync::start);
		return context;
	}

	/**
	 * Starts the application, runs {@code action} with it and closes it. It pushes no
	 * metrics.
	 */
	<T> T withApplication(Function<ConfigurableApplicationContext, T> action) {
		return withApplication(false, action);
	}

	/**
	 * Starts the application, runs {@code action} with it and closes it.
	 * @param pushesMetrics whether it pushes its metrics to a Prometheus Pushgateway when
	 * that is configured (at its end, and every push rate while it runs): only commands
	 * that run the job do
	 */
	<T> T withApplication(boolean pushesMetrics, Function<ConfigurableApplicationContext, T> action) {
		ConfigurableApplicationContext started;
		try {
			started = application(WebApplicationType.NONE, pushesMetrics).listeners(this.databaseTarget)
				// a command migrates the schema only when a run really starts
				// (SchemaMigrations)
				.properties("contact-sync.deferred-migrations=true")
				.run(this.springArguments.toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			throw this.databaseTarget.explain(ex);
		}
		try (ConfigurableApplicationContext context = started) {
			return action.apply(context);
		}
	}

	/**
	 * Starts the application of the commands that only read ({@link QueryApplication}),
	 * runs {@code action} with it and closes it.
	 */
	<T> T withQueries(Function<ConfigurableApplicationContext, T> action) {
		ConfigurableApplicationContext started;
		try {
			started = application(QueryApplication.class, WebApplicationType.NONE, false).listeners(this.databaseTarget)
				.run(this.springArguments.toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			throw this.databaseTarget.explain(ex);
		}
		try (ConfigurableApplicationContext context = started) {
			return action.apply(context);
		}
		catch (RuntimeException ex) {
			// this application opens its first connection here, not as it starts
			throw this.databaseTarget.explain(ex);
		}
	}

	private static SpringApplicationBuilder application(WebApplicationType type, boolean pushesMetrics) {
		return application(ContactSyncApplication.class, type, pushesMetrics);
	}

	private static SpringApplicationBuilder application(Class<?> source, WebApplicationType type,
			boolean pushesMetrics) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(source).web(type)
			.listeners(new UnknownSettings())
			.registerShutdownHook(false)
			.properties(MetricsPush.defaults());
		return pushesMetrics ? builder : builder.initializers(MetricsPush.off());
	}

}
