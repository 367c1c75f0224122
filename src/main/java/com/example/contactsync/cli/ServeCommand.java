package com.example.contactsync.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.springframework.context.ConfigurableApplicationContext;

import com.example.contactsync.operations.ScheduledSync;

/**
 * {@code serve}: keeps running, with Actuator (health, Prometheus metrics) on {@code server.port},
 * and starts the nightly run from {@code contact-sync.schedule}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
		description = { "Keeps running: Actuator health and Prometheus metrics on server.port (default 8080),",
				"and the nightly run started from contact-sync.schedule (one run at a time, as always).",
				"SIGTERM stops a run in progress after its chunk, then the service." })
class ServeCommand implements Callable<Integer> {

	@ParentCommand
	ContactSyncCommand parent;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() throws InterruptedException {
		ConfigurableApplicationContext context = this.parent.cli.startServer();
		CountDownLatch stop = new CountDownLatch(1);
		GracefulShutdown.duringRun(stop::countDown);
		try {
			this.spec.commandLine().getOut().println("Serving; SIGTERM or Ctrl-C stops.");
			this.spec.commandLine().getOut().flush();
			stop.await();
		}
		finally {
			context.getBean(ScheduledSync.class).shutdown();
			context.close();
			GracefulShutdown.runEnded();
		}
		return ExitCodes.OK;
	}

}
