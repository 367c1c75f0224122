package com.example.contactsync.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import com.example.contactsync.operations.RunHistory;
import com.example.contactsync.operations.RunSummary;

/**
 * {@code status [--limit=N]}: the recent runs with their calls and items per outcome.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
		description = "Prints the recent runs: id, date, status, start, end, duration, calls and items per outcome.")
class StatusCommand implements Callable<Integer> {

	@ParentCommand
	ContactSyncCommand parent;

	@Spec
	CommandSpec spec;

	@Mixin
	OutputOptions output;

	@Option(names = "--limit", defaultValue = "20", description = "How many runs to show (default: ${DEFAULT-VALUE}).")
	int limit;

	@Override
	public Integer call() {
		if (this.limit < 1) {
			throw new picocli.CommandLine.ParameterException(this.spec.commandLine(), "--limit must be at least 1");
		}
		List<RunSummary> runs = this.parent.cli
			.withApplication((context) -> context.getBean(RunHistory.class).recent(this.limit));
		Report report = new Report(this.spec.commandLine().getOut(), this.output.json);
		if (report.isJson()) {
			report.json(runs);
		}
		else {
			report.runs(runs);
		}
		return ExitCodes.OK;
	}

}
