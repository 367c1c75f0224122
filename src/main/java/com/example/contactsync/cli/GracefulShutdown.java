package com.example.contactsync.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM (or Ctrl-C) during a run: asks the run to stop after its current chunk, waits
 * for the command to finish (the execution ends STOPPED and is recorded), then ends the
 * process with the command's exit code (1: run again to resume) instead of the JVM's 143.
 * A signal before a run began (during start-up) ends the process at once with 1.
 * <p>
 * Spring's own shutdown hook is off for the commands ({@link ContactSyncCli}): it would
 * close the database connections under the running chunk.
 */
public final class GracefulShutdown {

	private static final Logger logger = LoggerFactory.getLogger(GracefulShutdown.class);

	/** How long a signalled process waits for the current chunk to finish. */
	private static final long MAX_WAIT_MINUTES = 15;

	private static final CountDownLatch commandDone = new CountDownLatch(1);

	private static volatile Runnable stopAction;

	private static volatile boolean signalled;

	/** Whether the process ends by {@link #exit}, not by a signal. */
	private static volatile boolean exiting;

	private static volatile int exitCode = ExitCodes.RUN_FAILED;

	private static boolean installed;

	private GracefulShutdown() {
	}

	/** Installs the shutdown hook; called once by {@code main}. */
	public static synchronized void install() {
		if (!installed) {
			Runtime.getRuntime().addShutdownHook(new Thread(GracefulShutdown::onShutdown, "contact-sync-shutdown"));
			installed = true;
		}
	}

	/** While {@code stop} is set, a shutdown signal runs it and waits for the command. */
	static void duringRun(Runnable stop) {
		stopAction = stop;
	}

	static void runEnded() {
		stopAction = null;
	}

	/**
	 * Ends the process with {@code code}: at once, or, when a signal is being handled, by
	 * handing the code to the shutdown hook.
	 */
	public static void exit(int code) {
		if (signalled) {
			exitCode = code;
			commandDone.countDown();
			return;
		}
		exiting = true;
		HttpClientThreads.stopSelectors();
		System.exit(code);
	}

	private static void onShutdown() {
		Runnable stop = stopAction;
		if (stop == null) {
			if (!exiting) {
				// a signal while the application starts, or while a command other than a
				// run goes: nothing is sent without a run, so it ends at once, with the
				// exit code of a stopped run (the same command again does it) instead of
				// the JVM's 143
				// straight to standard error: the logging may not be set up yet, and halt
				// flushes nothing
				System.err.println(
						"contact-sync: Stopped by a signal before a run began: nothing was sent; run the same command again");
				System.err.flush();
				Runtime.getRuntime().halt(ExitCodes.RUN_FAILED);
			}
			return;
		}
		signalled = true;
		logger.warn("Shutdown requested: a run in progress stops after its current chunk (running the same date again "
				+ "resumes it); a service stops");
		try {
			stop.run();
			if (!commandDone.await(MAX_WAIT_MINUTES, TimeUnit.MINUTES)) {
				logger.error("The run did not stop within {} minutes; ending the process", MAX_WAIT_MINUTES);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			logger.error("Could not ask the run to stop: {}", ex.getMessage());
		}
		HttpClientThreads.stopSelectors();
		Runtime.getRuntime().halt(exitCode);
	}

}
