package com.example.contactsync.cli;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * {@code contact-sync}: the top command; its subcommands do the work.
 */
@Command(name = "contact-sync", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
		description = "Syncs pending contact changes to the Dustess SCRM (batchEditCustomer).",
		subcommands = { RunCommand.class, RestartCommand.class, StopCommand.class, RecoverCommand.class,
				CheckCommand.class, MigrateCommand.class, StatusCommand.class, FailuresCommand.class, ShowCommand.class,
				RequeueCommand.class, CaptureCommand.class, ResyncCommand.class, ServeCommand.class,
				WorkerCommand.class, SandboxCommand.class, HelpCommand.class },
		footerHeading = "%nExit codes:%n", footer = { "",
				"Spring settings may be given as --name.with.dot=value, e.g. --spring.profiles.active=sandbox." })
class ContactSyncCommand implements Runnable {

	final ContactSyncCli cli;

	@picocli.CommandLine.Spec
	picocli.CommandLine.Model.CommandSpec spec;

	ContactSyncCommand(ContactSyncCli cli) {
		this.cli = cli;
	}

	/**
	 * The command line for this command, its help footer headed by {@link ExitCodes#ALL}.
	 */
	static CommandLine commandLine(ContactSyncCli cli) {
		CommandLine commandLine = new CommandLine(new ContactSyncCommand(cli));
		UsageMessageSpec usage = commandLine.getCommandSpec().usageMessage();
		List<String> footer = new ArrayList<>(List.of(ExitCodes.helpLines()));
		footer.addAll(List.of(usage.footer()));
		usage.footer(footer.toArray(String[]::new));
		return commandLine;
	}

	@Override
	public void run() {
		throw new picocli.CommandLine.ParameterException(this.spec.commandLine(), "Missing command: see --help");
	}

}
