package com.example.contactsync.cli;

import java.time.LocalDate;
import java.util.Optional;

import picocli.CommandLine.Command;

import com.example.contactsync.job.ContactSyncProperties;
import com.example.contactsync.operations.RestartDate;
import com.example.contactsync.operations.RunResult;
import com.example.contactsync.operations.SyncRunner;
import com.example.contactsync.schema.SchemaVersion;

/**
 * {@code restart}: resumes the newest run that ended FAILED or STOPPED.
 */
@Command(name = "restart", mixinStandardHelpOptions = true,
		description = { "Resumes the newest run that ended FAILED or STOPPED (the same as 'run --date=<its date>').",
				"A run left STARTED by a process that died needs 'recover' first (exit 4)." })
class RestartCommand extends ReportingCommand {

	@Override
	public Integer call() {
		Report report = report();
		Restarted restarted = withRunningApplication((context) -> {
			if (context.getBean(SchemaVersion.class).state().missing()) {
				return new Restarted(Optional.empty(), 0);
			}
			double alertRatio = context.getBean(ContactSyncProperties.class).alertFailureRatio();
			SyncRunner runner = context.getBean(SyncRunner.class);
			// a run left STARTED by a dead process: run() says it needs recover (exit 4)
			Optional<LocalDate> date = RestartDate.of(runner);
			return new Restarted(date.map((runDate) -> runStoppable(runner, runDate)), alertRatio);
		});
		if (restarted.result().isEmpty()) {
			if (report.isJson()) {
				report.json(java.util.Map.of("message", "Nothing to restart", "exitCode", 0));
			}
			report.line("Nothing to restart: no run ended FAILED or STOPPED without completing since.");
			return ExitCodes.OK;
		}
		int exitCode = ExitCodes.forRun(restarted.result().get(), restarted.alertRatio());
		if (restarted.result().get().kind() == RunResult.Kind.CREDENTIALS_REFUSED && !report.isJson()) {
			return refuse(restarted.result().get().message());
		}
		report.runResult(restarted.result().get(), exitCode, restarted.alertRatio());
		return exitCode;
	}

	private record Restarted(Optional<RunResult> result, double alertRatio) {
	}

}
