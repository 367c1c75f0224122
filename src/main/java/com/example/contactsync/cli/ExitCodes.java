package com.example.contactsync.cli;

import java.sql.SQLException;
import java.util.List;

import org.springframework.boot.context.properties.bind.BindException;

import com.example.contactsync.job.FailureDescriptions;
import com.example.contactsync.system.InvalidConfigurationException;

/**
 * The process exit codes, for schedulers. {@link #ALL} is the one description of them:
 * the help prints it, and a test checks that the README's table, {@code jobs/README.md}
 * and the cron wrapper say the same.
 */
public final class ExitCodes {

	/** The run completed (or the date had completed before). */
	public static final int OK = 0;

	/**
	 * The run failed or stopped (a signal during start-up included), or the database
	 * could not be reached; running the same command again resumes it.
	 */
	public static final int RUN_FAILED = 1;

	/**
	 * Bad usage or configuration; nothing ran, or the run failed because Dustess refused
	 * the credentials (its history says so; fixed, the same command resumes it).
	 */
	public static final int USAGE = 2;

	/**
	 * The run completed, but more of its items than
	 * {@code contact-sync.alert-failure-ratio} ended FAILED, REJECTED or UNKNOWN.
	 */
	public static final int TOO_MANY_FAILURES = 3;

	/**
	 * Another run is in progress, or a crashed run awaits {@code recover}; nothing ran.
	 */
	public static final int ALREADY_RUNNING = 4;

	/** Every exit code with what it means, in order. */
	public static final List<Described> ALL = List.of(new Described(OK, "completed, or the date had completed before"),
			new Described(RUN_FAILED, "the run failed or stopped, or the database is unreachable: run it again"),
			new Described(USAGE, "bad usage or configuration (credentials refused too): fix it, then rerun"),
			new Described(TOO_MANY_FAILURES, "completed, but too many items failed (contact-sync.alert-failure-ratio)"),
			new Described(ALREADY_RUNNING,
					"another run is in progress or a crashed run awaits 'recover'; nothing ran"));

	private ExitCodes() {
	}

	/**
	 * The lines the help lists the exit codes with: {@code "  1  the run failed ..."}.
	 */
	static String[] helpLines() {
		return ALL.stream().map((exit) -> "  " + exit.code() + "  " + exit.meaning()).toArray(String[]::new);
	}

	/** The exit code for the result of {@code run}. */
	public static int forRun(com.example.contactsync.operations.RunResult result, double alertFailureRatio) {
		return switch (result.kind()) {
			case ALREADY_COMPLETED -> OK;
			case FAILED -> RUN_FAILED;
			case ALREADY_RUNNING -> ALREADY_RUNNING;
			case CREDENTIALS_REFUSED, SOURCE_REFUSED -> USAGE;
			case COMPLETED -> {
				var run = result.run();
				long bad = (run != null) ? run.failed() + run.rejected() + run.unknown() : 0;
				yield (run != null && run.items() > 0 && (double) bad / run.items() > alertFailureRatio)
						? TOO_MANY_FAILURES : OK;
			}
		};
	}

	/**
	 * The exit code for a failure to start or run a command: {@link #USAGE} when a
	 * setting is missing or wrong (the database's login included), {@link #RUN_FAILED}
	 * otherwise (a database or network that may be back on the next try).
	 */
	public static int forFailure(Throwable failure) {
		if (FailureDescriptions.causes(failure)
			.stream()
			.anyMatch(com.example.contactsync.operations.RunStillInProgressException.class::isInstance)) {
			return ALREADY_RUNNING;
		}
		boolean configuration = FailureDescriptions.causes(failure)
			.stream()
			.anyMatch((cause) -> cause instanceof InvalidConfigurationException || cause instanceof BindException
					|| isDatabaseLoginRefused(cause));
		return configuration ? USAGE : RUN_FAILED;
	}

	/**
	 * Whether the database refused the user name or password (SQLSTATE class 28) or knows
	 * no such database (3D000): a setting to fix, not a passing outage that a retry may
	 * outlast.
	 */
	static boolean isDatabaseLoginRefused(Throwable failure) {
		return failure instanceof SQLException sql && sql.getSQLState() != null
				&& (sql.getSQLState().startsWith("28") || sql.getSQLState().equals("3D000"));
	}

	/**
	 * The message to show for a failure: that of the configuration problem when there is
	 * one.
	 */
	public static String messageOf(Throwable failure) {
		Throwable last = failure;
		for (Throwable cause : FailureDescriptions.causes(failure)) {
			if (cause instanceof InvalidConfigurationException
					|| cause instanceof DatabaseTarget.DatabaseUnreachableException) {
				return cause.getMessage();
			}
			if (cause instanceof BindException bind && bind.getCause() != null) {
				return bind.getMessage() + ": " + bind.getCause().getMessage();
			}
			if (isDatabaseLoginRefused(cause)) {
				return "The database refused the login or does not exist: check spring.datasource.url, "
						+ "spring.datasource.username and spring.datasource.password (env SPRING_DATASOURCE_URL, "
						+ "SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD), and spring.flyway.user and "
						+ "spring.flyway.password when the schema's owner migrates: " + cause.getMessage();
			}
			last = cause;
		}
		return last.getMessage();
	}

	/**
	 * An exit code and what it means.
	 *
	 * @param code the process's exit code
	 * @param meaning what it means, in one line of plain text that fits the help's 80
	 * columns
	 */
	public record Described(int code, String meaning) {
	}

}
