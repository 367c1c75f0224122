package com.example.contactsync.cli;

import java.io.PrintWriter;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import com.example.contactsync.job.ContactSyncProperties;
import com.example.contactsync.operations.CaptureHistory;
import com.example.contactsync.operations.RunHistory;
import com.example.contactsync.remote.Workers;
import com.example.contactsync.operations.RunSummary;

/**
 * {@code status [--limit=N]}: the recent runs with their calls and items per outcome.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = {
		"Prints the recent runs: id, date, status, start, end, duration, calls and items per outcome.",
		"A date's rerun (run --again) shows as DATE #2, #3, ...; MESSAGE says why a run failed (cut; whole in --json)." })
class StatusCommand extends ReportingCommand {

	@Option(names = "--limit", defaultValue = "20", description = "How many runs to show (default: ${DEFAULT-VALUE}).")
	int limit;

	@Override
	public Integer call() {
		if (this.limit < 1) {
			throw usage("--limit must be at least 1");
		}
		Status status = withQueries((context) -> {
			List<RunSummary> runs = context.getBean(RunHistory.class).recent(this.limit);
			Workers workers = context.getBeanProvider(Workers.class).getIfAvailable();
			CaptureHistory captures = context.getBean(CaptureHistory.class);
			List<CaptureHistory.CaptureRecord> recent = captures.recent(this.limit);
			return new Status(runs,
					(workers != null) ? workers.alive(context.getBean(ContactSyncProperties.class).remote().lostAfter())
							: null,
					(workers != null && !runs.isEmpty()) ? workers.executedBy(runs.get(0).executionId()) : List.of(),
					recent, recent.isEmpty() ? 0 : captures.goneKeys());
		});
		Report report = report();
		if (report.isJson()) {
			report.json(status.runs());
		}
		else {
			report.runs(status.runs());
			if (!status.captures().isEmpty()) {
				// source mode: what each capture found
				report.line("");
				report.line("Captures (source mode; " + status.goneKeys() + " keys gone from the source in all):");
				report.captures(status.captures());
			}
			if (status.workers() != null) {
				// remote partitioning: who would execute the next run's partitions
				PrintWriter out = out();
				out.println();
				out.println("Workers alive: " + status.workers().size()
						+ (status.workers().isEmpty() ? " (a run now would fail: start 'contact-sync worker')" : ""));
				for (Workers.Worker worker : status.workers()) {
					out.printf("  %s  last heartbeat %.0fs ago%n", worker.id(), worker.secondsSinceHeartbeat());
				}
				if (!status.executedBy().isEmpty()) {
					out.println("Partitions of run " + status.runs().get(0).executionId() + " by worker:");
					status.executedBy().forEach((partition) -> out.println("  " + partition));
				}
				out.flush();
			}
		}
		return ExitCodes.OK;
	}

	private record Status(List<RunSummary> runs, List<Workers.Worker> workers, List<String> executedBy,
			List<CaptureHistory.CaptureRecord> captures, long goneKeys) {
	}

}
