package com.example.contactsync.cli;

import java.util.List;

import com.example.contactsync.capture.CaptureCounts;
import com.example.contactsync.job.DryRun;

/**
 * Prints the report of {@code run --dry-run}.
 */
final class DryRunPrinter {

	private DryRunPrinter() {
	}

	/**
	 * What a run would do: its plan, and in source mode what its capture would find first
	 * ({@code null} in table mode, or when the run would resume).
	 */
	record Planned(DryRun.Plan plan, CaptureCounts capture) {
	}

	static void print(Report report, Planned planned) {
		DryRun.Plan result = planned.plan();
		if (report.isJson()) {
			if (planned.capture() != null) {
				report.json(java.util.Map.of("capture", planned.capture(), "plan", result));
			}
			else {
				report.json(result);
			}
			return;
		}
		report.line("Dry run: nothing was sent and nothing was changed.");
		if (planned.capture() != null) {
			report.line("Its capture would find " + planned.capture().describe()
					+ " (those changes are not in the counts below).");
		}
		if (result.situation() == DryRun.Situation.COMPLETED) {
			report.line("The sync of " + result.date() + " has already completed: a run of that date sends nothing.");
			return;
		}
		String run = (result.situation() == DryRun.Situation.RESUME)
				? "The sync of " + result.date() + " would resume run " + result.resumedRun() + ", on its own changes"
				: "A run now would take the changes";
		report.line(run + " up to change_id " + result.maxChangeId() + ": " + result.changes() + " changes -> "
				+ result.entries() + " entries in " + result.calls() + " calls; " + result.rejected() + " rejected.");
		if (!result.rejections().isEmpty()) {
			report.line("");
			report.table(result.rejections(), "", List.of(Report.column("CHANGE", DryRun.Rejection::changeId),
					Report.column("WOULD BE REJECTED BECAUSE", DryRun.Rejection::reason)));
			if (result.rejected() > result.rejections().size()) {
				report.line("... and " + (result.rejected() - result.rejections().size()) + " more.");
			}
		}
		if (result.sampleEntry() != null) {
			report.line("");
			report.line("First entry it would send (personal data masked):");
			report.line(result.sampleEntry().toPrettyString());
		}
	}

}
