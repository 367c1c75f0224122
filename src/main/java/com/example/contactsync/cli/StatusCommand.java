package com.example.contactsync.cli;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import com.example.contactsync.operations.RunHistory;
import com.example.contactsync.operations.RunSummary;

/**
 * {@code status [--limit=N]}: the recent runs with their calls and items per outcome.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
		description = "Prints the recent runs: id, date, status, start, end, duration, calls and items per outcome.")
class StatusCommand extends AbstractCommand {

	@Mixin
	OutputOptions output;

	@Option(names = "--limit", defaultValue = "20", description = "How many runs to show (default: ${DEFAULT-VALUE}).")
	int limit;

	@Override
	public Integer call() {
		if (this.limit < 1) {
			throw usage("--limit must be at least 1");
		}
		List<RunSummary> runs = withApplication((context) -> context.getBean(RunHistory.class).recent(this.limit));
		Report report = report(this.output.json);
		if (report.isJson()) {
			report.json(runs);
		}
		else {
			report.runs(runs);
		}
		return ExitCodes.OK;
	}

}
