package com.example.contactsync.cli;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import com.example.contactsync.operations.OperationsQueries;
import com.example.contactsync.operations.OperationsQueries.Failure;
import com.example.contactsync.operations.RunHistory;
import com.example.contactsync.operations.RunSummary;

/**
 * {@code failures [--run=ID] [--code=C]}: the items of a run that did not succeed.
 */
@Command(name = "failures", mixinStandardHelpOptions = true,
		description = { "Prints the items of a run (default: the newest) that ended FAILED, REJECTED or UNKNOWN.",
				"A run that failed or stopped as a whole is said first, with why (its exit message)." })
class FailuresCommand extends ReportingCommand {

	@Option(names = "--run", paramLabel = "ID", description = "The run (job execution id; default: the newest).")
	Long run;

	@Option(names = "--code", paramLabel = "C", description = "Only items with this Dustess code.")
	Integer code;

	@Option(names = "--limit", defaultValue = "200",
			description = "At most this many items (default: ${DEFAULT-VALUE}).")
	int limit;

	@Override
	public Integer call() {
		Found found = withQueries((context) -> {
			OperationsQueries queries = context.getBean(OperationsQueries.class);
			Long target = (this.run != null) ? this.run : queries.latestRun();
			return (target != null) ? new Found(context.getBean(RunHistory.class).find(target),
					queries.failures(target, this.code, this.limit)) : new Found(null, List.<Failure>of());
		});
		List<Failure> failures = found.failures();
		Report report = report();
		if (report.isJson()) {
			report.json(failures);
			return ExitCodes.OK;
		}
		RunSummary run = found.run();
		if (run != null && (run.status().equals("FAILED") || run.status().equals("STOPPED"))) {
			// a run can fail as a whole (refused credentials, the API or the database
			// down) with no item failed: say so, and why
			String why = (run.exitMessage() != null && !run.exitMessage().isBlank()) ? run.exitMessage().strip()
					: "no reason recorded";
			report.line("Run " + run.executionId() + " (" + run.label() + ") ended " + run.status() + " as a whole: "
					+ why);
			if (failures.isEmpty()) {
				report.line("No item failed.");
				return ExitCodes.OK;
			}
			report.line("");
		}
		report.table(failures, "No failures.",
				List.of(Report.column("RUN", Failure::run), Report.column("CHANGE", Failure::changeId),
						Report.column("CUSTOMER_ID", Failure::customerId),
						Report.column("EXTERNAL_ID", Failure::externalId), Report.column("OUTCOME", Failure::outcome),
						Report.column("CODE", Failure::code), Report.column("NOW", Failure::stateNow),
						Report.column("MESSAGE", Failure::message)));
		return ExitCodes.OK;
	}

	private record Found(RunSummary run, List<Failure> failures) {
	}

}
