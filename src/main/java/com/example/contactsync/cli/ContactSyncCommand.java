package com.example.contactsync.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * {@code contact-sync}: the top command; its subcommands do the work.
 */
@Command(name = "contact-sync", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
		description = "Syncs pending contact changes to the Dustess SCRM (batchEditCustomer).",
		subcommands = { RunCommand.class, RestartCommand.class, StopCommand.class, RecoverCommand.class,
				StatusCommand.class, FailuresCommand.class, ShowCommand.class, RequeueCommand.class, ServeCommand.class,
				HelpCommand.class },
		footerHeading = "%nExit codes:%n",
		footer = { "  0  completed (or the date had completed before)",
				"  1  the run failed or stopped: run the same command again to resume it",
				"  2  bad usage or configuration",
				"  3  completed, but more items than contact-sync.alert-failure-ratio did not succeed",
				"  4  another run is in progress, or a crashed run awaits 'recover'; nothing was sent", "",
				"Spring settings may be given as --name.with.dot=value, e.g. --spring.profiles.active=sandbox." })
class ContactSyncCommand implements Runnable {

	final ContactSyncCli cli;

	@picocli.CommandLine.Spec
	picocli.CommandLine.Model.CommandSpec spec;

	ContactSyncCommand(ContactSyncCli cli) {
		this.cli = cli;
	}

	@Override
	public void run() {
		throw new picocli.CommandLine.ParameterException(this.spec.commandLine(), "Missing command: see --help");
	}

}
