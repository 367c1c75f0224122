package com.example.contactsync.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import com.example.contactsync.operations.RunHistory;
import com.example.contactsync.operations.RunSummary;

/**
 * {@code status}: the recent runs with their items per outcome.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
		description = "Prints the recent runs: id, date, status, start, end, calls and items per outcome.")
class StatusCommand implements Callable<Integer> {

	@ParentCommand
	ContactSyncCommand parent;

	@Spec
	CommandSpec spec;

	@Option(names = "--limit", defaultValue = "20", description = "How many runs to show (default: ${DEFAULT-VALUE}).")
	int limit;

	@Override
	public Integer call() {
		if (this.limit < 1) {
			throw new picocli.CommandLine.ParameterException(this.spec.commandLine(), "--limit must be at least 1");
		}
		List<RunSummary> runs = this.parent.cli.withApplication((context) -> context.getBean(RunHistory.class).recent(this.limit));
		new Report(this.spec.commandLine().getOut()).printRuns(runs);
		return ExitCodes.OK;
	}

}
