package com.example.contactsync.cli;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import com.example.contactsync.operations.OperationsQueries;
import com.example.contactsync.operations.OperationsQueries.ChangeHistory;
import com.example.contactsync.operations.OperationsQueries.OutcomeRow;

/**
 * {@code show --change=ID}: one change's state and its history across runs.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
		description = { "Prints one change's state and every outcome recorded for it, across runs.",
				"A change that does not exist is an answer: it says so (JSON: null), exit 0." })
class ShowCommand extends ReportingCommand {

	@Option(names = "--change", paramLabel = "ID", required = true, description = "The change_id.")
	long changeId;

	@Override
	public Integer call() {
		ChangeHistory history = withQueries(
				(context) -> context.getBean(OperationsQueries.class).change(this.changeId));
		Report report = report();
		if (history == null) {
			// an answer, not a usage error: exit 0, and no usage text after it
			if (report.isJson()) {
				report.json(null);
			}
			report.line("There is no change " + this.changeId + ".");
			return ExitCodes.OK;
		}
		if (report.isJson()) {
			report.json(history);
			return ExitCodes.OK;
		}
		report.table(List.of(history), "", List.of(Report.column("CHANGE", ChangeHistory::changeId),
				Report.column("CUSTOMER_ID", ChangeHistory::customerId),
				Report.column("EXTERNAL_ID", ChangeHistory::externalId), Report.column("STATE", ChangeHistory::state),
				Report.column("ATTEMPTS", ChangeHistory::attempts), Report.column("LAST_CODE", ChangeHistory::lastCode),
				Report.column("CREATED", ChangeHistory::createdAt), Report.column("SYNCED", ChangeHistory::syncedAt),
				Report.column("LAST_MESSAGE", ChangeHistory::lastMessage)));
		report.line("");
		report.table(history.outcomes(), "No outcomes yet: it has not been part of a run.",
				List.of(Report.column("RUN", OutcomeRow::run), Report.column("DATE", OutcomeRow::runDate),
						Report.column("PARTITION", OutcomeRow::partition),
						Report.column("OUTCOME", OutcomeRow::outcome), Report.column("INDEX", OutcomeRow::requestIndex),
						Report.column("CODE", OutcomeRow::code), Report.column("CONTACT_ID", OutcomeRow::contactId),
						Report.column("RECORDED", OutcomeRow::recordedAt), Report.column("CALL", OutcomeRow::callId),
						Report.column("MESSAGE", OutcomeRow::message)));
		return ExitCodes.OK;
	}

}
