package com.example.contactsync.cli;

import java.time.LocalDate;
import java.time.ZoneId;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import com.example.contactsync.job.ContactSyncProperties;
import com.example.contactsync.capture.Capture;
import com.example.contactsync.capture.SourceProperties;
import com.example.contactsync.job.DryRun;
import com.example.contactsync.operations.RunResult;
import com.example.contactsync.operations.RunNumbers;
import com.example.contactsync.operations.SyncRunner;
import com.example.contactsync.schema.SchemaVersion;

/**
 * {@code run [--date=YYYY-MM-DD] [--again] [--dry-run]}: syncs the pending changes for a
 * date, or resumes that date's failed run; {@code --again} runs a completed date once
 * more.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = {
		"Sends the pending contact changes to Dustess, one batchEditCustomer call per chunk.",
		"The date identifies the run: after a failed or stopped run, the same date resumes from the last committed chunk;",
		"a completed date is not run again (exit 0) unless --again. A date after today is refused (exit 2).",
		"SIGTERM or Ctrl-C stops the run after its current chunk (exit 1; the same command resumes it)." })
class RunCommand extends ReportingCommand {

	/**
	 * The run dates accepted: a date is a run's identity, and one outside these is a
	 * typo.
	 */
	static final LocalDate FIRST_DATE = LocalDate.of(2000, 1, 1);

	static final LocalDate LAST_DATE = LocalDate.of(9999, 12, 31);

	@Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The run date (default: today).")
	LocalDate date;

	@Option(names = "--again",
			description = "Run the date once more, on the changes pending now: a new run beside the date's completed one(s),"
					+ " shown as DATE #2, #3, ... If the date's newest run failed or stopped, it resumes that run instead.")
	boolean again;

	@Option(names = "--dry-run",
			description = "Read, merge, validate and build the entries as a run would, and report what it would send; send and change nothing.")
	boolean dryRun;

	@Override
	public Integer call() {
		Report report = report();
		LocalDate today = LocalDate.now();
		LocalDate runDate = (this.date != null) ? this.date : today;
		if (runDate.isBefore(FIRST_DATE) || runDate.isAfter(LAST_DATE)) {
			throw usage("--date must lie between " + FIRST_DATE + " and " + LAST_DATE + ", was " + runDate);
		}
		if (runDate.isAfter(today)) {
			// a future date's run would take today's changes and leave that night's run
			// nothing to do: a typo, or a wish for 'run --again'
			return refuse("--date may not be after today (" + today + " in " + ZoneId.systemDefault().getId()
					+ "), was " + runDate + "; to run today once more: run --again");
		}
		if (this.dryRun) {
			DryRunPrinter.Planned result = withApplication((context) -> {
				SchemaVersion.State schema = context.getBean(SchemaVersion.class).state();
				if (schema.missing()) {
					return null;
				}
				schema.requireCurrent();
				SyncRunner runner = context.getBean(SyncRunner.class);
				DryRun.Plan plan = context.getBean(DryRun.class)
					.run(runDate, RunNumbers.parameters(runDate, runner.runNumbers().runNumber(runDate, this.again)));
				// source mode: a run that starts captures first (a resumed one has)
				boolean captures = context.getBean(SourceProperties.class).enabled()
						&& plan.situation() == DryRun.Situation.START;
				return new DryRunPrinter.Planned(plan, captures ? context.getBean(Capture.class).preview() : null);
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
		Ran ran = withRunningApplication(
				(context) -> new Ran(runStoppable(context.getBean(SyncRunner.class), runDate, this.again),
						context.getBean(ContactSyncProperties.class).alertFailureRatio()));
		int exitCode = ExitCodes.forRun(ran.result(), ran.alertRatio());
		if (ran.result().kind() == RunResult.Kind.CREDENTIALS_REFUSED && !report.isJson()) {
			// a setting to fix: one line, as for any other
			return refuse(ran.result().message());
		}
		report.runResult(ran.result(), exitCode, ran.alertRatio());
		return exitCode;
	}

	private record Ran(RunResult result, double alertRatio) {
	}

}
