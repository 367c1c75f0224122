package com.example.contactsync.cli;

import java.util.List;

import picocli.CommandLine.Command;

import org.springframework.batch.core.job.JobExecution;

import com.example.contactsync.operations.SyncRunner;

/**
 * {@code stop}: asks the running sync, in whatever process or machine, to stop after its
 * current chunk.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
		description = { "Asks the run in progress (any process, any machine) to stop after its current chunk.",
				"It ends STOPPED; 'run' of the same date resumes it." })
class StopCommand extends AbstractCommand {

	@Override
	public Integer call() {
		List<JobExecution> stopped = withJobRepository((context) -> context.getBean(SyncRunner.class).stop());
		var out = out();
		if (stopped.isEmpty()) {
			out.println("No run in progress.");
		}
		for (JobExecution execution : stopped) {
			out.println("Asked run " + execution.getId() + " (" + SyncRunner.runDate(execution)
					+ ") to stop after its current chunk. Resume it with: run --date=" + SyncRunner.runDate(execution));
		}
		out.flush();
		return ExitCodes.OK;
	}

}
