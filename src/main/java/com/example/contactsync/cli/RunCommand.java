package com.example.contactsync.cli;

import java.time.LocalDate;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import com.example.contactsync.operations.RunResult;
import com.example.contactsync.operations.SyncRunner;

/**
 * {@code run [--date=YYYY-MM-DD]}: syncs the pending changes for a date, or resumes that date's
 * failed run.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
		description = { "Sends the pending contact changes to Dustess, one batchEditCustomer call per chunk.",
				"The date identifies the run: after a failed or stopped run, the same date resumes from the last committed chunk;",
				"a completed date is not run again (exit 0).",
				"SIGTERM or Ctrl-C stops the run after its current chunk (exit 1; the same command resumes it)." })
class RunCommand implements Callable<Integer> {

	@ParentCommand
	ContactSyncCommand parent;

	@Spec
	CommandSpec spec;

	@Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The run date (default: today).")
	LocalDate date;

	@Override
	public Integer call() {
		LocalDate runDate = (this.date != null) ? this.date : LocalDate.now();
		RunResult result = this.parent.cli.withApplication((context) -> {
			SyncRunner runner = context.getBean(SyncRunner.class);
			GracefulShutdown.duringRun(runner::stop);
			try {
				return runner.run(runDate);
			}
			finally {
				GracefulShutdown.runEnded();
			}
		});
		new Report(this.spec.commandLine().getOut()).print(result);
		return switch (result.kind()) {
			case COMPLETED, ALREADY_COMPLETED -> ExitCodes.OK;
			case FAILED -> ExitCodes.RUN_FAILED;
			case ALREADY_RUNNING -> ExitCodes.ALREADY_RUNNING;
		};
	}

}
