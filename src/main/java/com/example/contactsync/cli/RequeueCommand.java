package com.example.contactsync.cli;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import com.example.contactsync.operations.OperationsQueries;

/**
 * {@code requeue}: moves changes that ended FAILED, EXHAUSTED, REJECTED or UNKNOWN back
 * to PENDING, chosen by run, code or change ids.
 */
@Command(name = "requeue", mixinStandardHelpOptions = true,
		description = { "Moves changes back to PENDING (attempts reset) so that the next run sends them.",
				"Choose them by run, Dustess code and/or change ids; all given criteria must hold." })
class RequeueCommand extends ReportingCommand {

	@Option(names = "--run", paramLabel = "ID", description = "Changes that have an outcome in this run.")
	Long run;

	@Option(names = "--code", paramLabel = "C", description = "Changes whose last Dustess code is C.")
	Integer code;

	@Option(names = "--change", paramLabel = "ID", split = ",",
			description = "These change ids (comma-separated or repeated).")
	List<Long> changes;

	@Option(names = "--state", paramLabel = "STATE", split = ",",
			description = "Only changes in these states (default: FAILED,EXHAUSTED,REJECTED,UNKNOWN).")
	List<String> states;

	@Override
	public Integer call() {
		if (this.run == null && this.code == null && (this.changes == null || this.changes.isEmpty())) {
			throw usage("Choose the changes: --run, --code and/or --change");
		}
		List<String> chosen = (this.states != null) ? this.states.stream().map(String::toUpperCase).toList()
				: OperationsQueries.REQUEUEABLE;
		for (String state : chosen) {
			if (!OperationsQueries.REQUEUEABLE.contains(state)) {
				throw usage("--state must be among " + OperationsQueries.REQUEUEABLE + ", was " + state);
			}
		}
		int count = withQueries((context) -> context.getBean(OperationsQueries.class)
			.requeue(chosen, this.run, this.code, this.changes));
		Report report = report();
		if (report.isJson()) {
			report.json(java.util.Map.of("requeued", count));
		}
		report.line("Requeued " + count + " change" + ((count == 1) ? "" : "s") + ": the next run sends them.");
		return ExitCodes.OK;
	}

}
