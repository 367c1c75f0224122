package com.example.contactsync.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import java.util.function.Function;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import org.springframework.context.ConfigurableApplicationContext;

import com.example.contactsync.operations.RunResult;
import com.example.contactsync.operations.SyncRunner;

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
		GracefulShutdown.duringRun(runner::requestStop);
		try {
			return runner.run(date);
		}
		finally {
			GracefulShutdown.runEnded();
		}
	}

	PrintWriter out() {
		return this.spec.commandLine().getOut();
	}

	Report report(boolean json) {
		return new Report(out(), json);
	}

	ParameterException usage(String message) {
		return new ParameterException(this.spec.commandLine(), message);
	}

}
