package com.example.contactsync.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.Supplier;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.springframework.context.ConfigurableApplicationContext;

import com.example.contactsync.operations.RunResult;
import com.example.contactsync.operations.SyncRunner;
import com.example.contactsync.schema.SchemaVersion;

/**
 * What every subcommand has: the application to run in, its output, and usage errors
 * (exit 2).
 */
abstract class AbstractCommand implements Callable<Integer> {

	@ParentCommand
	ContactSyncCommand parent;

	@Spec
	CommandSpec spec;

	/** Starts the application, runs {@code action} with it and closes it. */
	<T> T withApplication(Function<ConfigurableApplicationContext, T> action) {
		return this.parent.cli.withApplication(action);
	}

	/**
	 * Starts the application for a command that reads (or requeues): nothing is migrated,
	 * and the schema must be there and current (else exit 2, saying so).
	 */
	<T> T withQueries(Function<ConfigurableApplicationContext, T> action) {
		return this.parent.cli.withQueries((context) -> {
			context.getBean(SchemaVersion.class).state().requireCurrent();
			return action.apply(context);
		});
	}

	/**
	 * Starts the application for a command that acts on the runs in the job repository
	 * ({@code stop}, {@code recover}): nothing is migrated, and the schema must be there
	 * and current (else exit 2, saying so: {@code recover} of an older schema would miss
	 * its tables).
	 */
	<T> T withJobRepository(Function<ConfigurableApplicationContext, T> action) {
		return withApplication((context) -> {
			context.getBean(SchemaVersion.class).state().requireCurrent();
			return action.apply(context);
		});
	}

	/**
	 * Starts the application to run the job: like {@link #withApplication}, and it pushes
	 * its metrics to a Prometheus Pushgateway when that is configured.
	 */
	<T> T withRunningApplication(Function<ConfigurableApplicationContext, T> action) {
		return this.parent.cli.withApplication(true, action);
	}

	/**
	 * Runs the sync of a date so that SIGTERM or Ctrl-C stops it after its current chunk.
	 */
	static RunResult runStoppable(SyncRunner runner, LocalDate date) {
		return runStoppable(runner, date, false);
	}

	/**
	 * Runs the sync of a date, or with {@code again} runs it once more
	 * ({@link SyncRunner#runAgain}), so that SIGTERM or Ctrl-C stops it after its current
	 * chunk.
	 */
	static RunResult runStoppable(SyncRunner runner, LocalDate date, boolean again) {
		GracefulShutdown.duringRun(runner::requestStop);
		try {
			return again ? runner.runAgain(date) : runner.run(date);
		}
		finally {
			GracefulShutdown.runEnded();
		}
	}

	/**
	 * Keeps a long-running process ({@code serve}, {@code worker}) until SIGTERM or
	 * Ctrl-C: says {@code ready}, waits, then stops what {@code stopping} stops and
	 * closes the context.
	 */
	int untilStopped(ConfigurableApplicationContext context, Supplier<String> ready, Stopping stopping)
			throws InterruptedException {
		CountDownLatch stop = new CountDownLatch(1);
		GracefulShutdown.duringRun(stop::countDown);
		try {
			out().println(ready.get());
			out().flush();
			stop.await();
		}
		finally {
			stopping.stop(context);
			context.close();
			GracefulShutdown.runEnded();
		}
		return ExitCodes.OK;
	}

	PrintWriter out() {
		return this.spec.commandLine().getOut();
	}

	Report report(boolean json) {
		return new Report(out(), json);
	}

	/**
	 * Refuses the command with one line on standard error and no usage text (a value that
	 * parses but may not be used): {@link ExitCodes#USAGE}.
	 */
	int refuse(String message) {
		this.spec.commandLine().getErr().println("contact-sync: " + message);
		this.spec.commandLine().getErr().flush();
		return ExitCodes.USAGE;
	}

	ParameterException usage(String message) {
		return new ParameterException(this.spec.commandLine(), message);
	}

	/** What a long-running process stops before its context closes. */
	@FunctionalInterface
	interface Stopping {

		void stop(ConfigurableApplicationContext context) throws InterruptedException;

	}

}
