package com.example.contactsync.cli;

import java.time.LocalDate;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import com.example.contactsync.job.ContactSyncProperties;
import com.example.contactsync.job.DryRun;
import com.example.contactsync.operations.RunResult;
import com.example.contactsync.operations.SyncRunner;
import com.example.contactsync.schema.SchemaVersion;

/**
 * {@code run [--date=YYYY-MM-DD] [--dry-run]}: syncs the pending changes for a date, or
 * resumes that date's failed run.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = {
		"Sends the pending contact changes to Dustess, one batchEditCustomer call per chunk.",
		"The date identifies the run: after a failed or stopped run, the same date resumes from the last committed chunk;",
		"a completed date is not run again (exit 0).",
		"SIGTERM or Ctrl-C stops the run after its current chunk (exit 1; the same command resumes it)." })
class RunCommand extends AbstractCommand {

	/**
	 * The run dates accepted: a date is a run's identity, and one outside these is a
	 * typo.
	 */
	static final LocalDate FIRST_DATE = LocalDate.of(2000, 1, 1);

	static final LocalDate LAST_DATE = LocalDate.of(9999, 12, 31);

	@Mixin
	OutputOptions output;

	@Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The run date (default: today).")
	LocalDate date;

	@Option(names = "--dry-run",
			description = "Read, merge, validate and build the entries as a run would, and report what it would send; send and change nothing.")
	boolean dryRun;

	@Override
	public Integer call() {
		Report report = report(this.output.json);
		LocalDate runDate = (this.date != null) ? this.date : LocalDate.now();
		if (runDate.isBefore(FIRST_DATE) || runDate.isAfter(LAST_DATE)) {
			throw usage("--date must lie between " + FIRST_DATE + " and " + LAST_DATE + ", was " + runDate);
		}
		if (this.dryRun) {
			DryRun.Plan result = withApplication((context) -> {
				SchemaVersion.State schema = context.getBean(SchemaVersion.class).state();
				if (schema.missing()) {
					return null;
				}
				schema.requireCurrent();
				return context.getBean(DryRun.class).run(runDate);
			});
			if (result == null) {
				if (report.isJson()) {
					report.json(java.util.Map.of("schema", "missing", "wouldSend", 0));
				}
				report.line("Dry run: nothing was sent and nothing was changed. The database has no contact-sync "
						+ "tables yet, so nothing is pending; a run would first create them (the migrations).");
				return ExitCodes.OK;
			}
			DryRunPrinter.print(report, result);
			return ExitCodes.OK;
		}
		Ran ran = withRunningApplication((context) -> new Ran(runStoppable(context.getBean(SyncRunner.class), runDate),
				context.getBean(ContactSyncProperties.class).alertFailureRatio()));
		int exitCode = ExitCodes.forRun(ran.result(), ran.alertRatio());
		report.runResult(ran.result(), exitCode, ran.alertRatio());
		return exitCode;
	}

	private record Ran(RunResult result, double alertRatio) {
	}

}
