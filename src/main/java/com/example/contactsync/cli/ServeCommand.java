package com.example.contactsync.cli;

import picocli.CommandLine.Command;

import com.example.contactsync.operations.ScheduledSync;

/**
 * {@code serve}: keeps running, with Actuator (health, Prometheus metrics) on
 * {@code server.port}, and starts the nightly run from {@code contact-sync.schedule}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
		description = { "Keeps running and starts the nightly run from contact-sync.schedule.",
				"Actuator health and Prometheus metrics on server.port (default 8080); one run at a time, as always.",
				"SIGTERM stops a run in progress after its chunk, then the service." })
class ServeCommand extends AbstractCommand {

	@Override
	public Integer call() throws InterruptedException {
		return untilStopped(this.parent.cli.startServer(), () -> "Serving; SIGTERM or Ctrl-C stops.",
				(context) -> context.getBean(ScheduledSync.class).shutdown());
	}

}
