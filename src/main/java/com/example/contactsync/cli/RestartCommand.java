package com.example.contactsync.cli;

import java.time.LocalDate;
import java.util.Optional;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import com.example.contactsync.job.ContactSyncProperties;
import com.example.contactsync.operations.RunResult;
import com.example.contactsync.operations.SyncRunner;

/**
 * {@code restart}: resumes the newest run that ended FAILED or STOPPED.
 */
@Command(name = "restart", mixinStandardHelpOptions = true,
		description = "Resumes the newest run that ended FAILED or STOPPED (the same as 'run --date=<its date>').")
class RestartCommand extends AbstractCommand {

	@Mixin
	OutputOptions output;

	@Override
	public Integer call() {
		Report report = report(this.output.json);
		double[] alertRatio = new double[1];
		Optional<RunResult> result = withApplication((context) -> {
			alertRatio[0] = context.getBean(ContactSyncProperties.class).alertFailureRatio();
			SyncRunner runner = context.getBean(SyncRunner.class);
			Optional<LocalDate> date = runner.latestRestartableDate();
			if (date.isEmpty()) {
				return Optional.<RunResult>empty();
			}
			return Optional.of(runStoppable(runner, date.get()));
		});
		if (result.isEmpty()) {
			if (report.isJson()) {
				report.json(java.util.Map.of("message", "Nothing to restart", "exitCode", 0));
			}
			report.line("Nothing to restart: no run ended FAILED or STOPPED without completing since.");
			return ExitCodes.OK;
		}
		int exitCode = ExitCodes.forRun(result.get(), alertRatio[0]);
		report.runResult(result.get(), exitCode, alertRatio[0]);
		return exitCode;
	}

}
