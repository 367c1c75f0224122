package com.example.contactsync.cli;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import com.example.contactsync.operations.OperationsQueries;
import com.example.contactsync.operations.OperationsQueries.Failure;

/**
 * {@code failures [--run=ID] [--code=C]}: the items of a run that did not succeed.
 */
@Command(name = "failures", mixinStandardHelpOptions = true,
		description = "Prints the items of a run (default: the newest) that ended FAILED, REJECTED or UNKNOWN.")
class FailuresCommand extends AbstractCommand {

	@Mixin
	OutputOptions output;

	@Option(names = "--run", paramLabel = "ID", description = "The run (job execution id; default: the newest).")
	Long run;

	@Option(names = "--code", paramLabel = "C", description = "Only items with this Dustess code.")
	Integer code;

	@Option(names = "--limit", defaultValue = "200",
			description = "At most this many items (default: ${DEFAULT-VALUE}).")
	int limit;

	@Override
	public Integer call() {
		List<Failure> failures = withQueries((context) -> {
			OperationsQueries queries = context.getBean(OperationsQueries.class);
			Long target = (this.run != null) ? this.run : queries.latestRun();
			return (target != null) ? queries.failures(target, this.code, this.limit) : List.<Failure>of();
		});
		Report report = report(this.output.json);
		if (report.isJson()) {
			report.json(failures);
			return ExitCodes.OK;
		}
		report.table(failures, "No failures.",
				List.of(Report.column("RUN", Failure::run), Report.column("CHANGE", Failure::changeId),
						Report.column("CUSTOMER_ID", Failure::customerId),
						Report.column("EXTERNAL_ID", Failure::externalId), Report.column("OUTCOME", Failure::outcome),
						Report.column("CODE", Failure::code), Report.column("NOW", Failure::stateNow),
						Report.column("MESSAGE", Failure::message)));
		return ExitCodes.OK;
	}

}
