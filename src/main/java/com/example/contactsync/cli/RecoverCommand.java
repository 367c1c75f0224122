package com.example.contactsync.cli;

import java.util.List;
import java.util.Optional;

import picocli.CommandLine.Command;

import org.springframework.batch.core.job.JobExecution;

import com.example.contactsync.operations.RunNumbers;
import com.example.contactsync.operations.SyncRunner;

/**
 * {@code recover}: after a crash ({@code kill -9}, power loss), marks the run that was
 * left STARTED (or UNKNOWN, or with a partition left STARTED) as FAILED so that
 * {@code run} of its date resumes it. Refused while a live process runs the job.
 */
@Command(name = "recover", mixinStandardHelpOptions = true, description = {
		"Marks a run whose process died (left STARTED or UNKNOWN, or a partition left STARTED) as FAILED, so that it can resume.",
		"After a crash (kill -9, a lost machine): recover, then 'run --date=<its date>'. Refused while a run is in progress." })
class RecoverCommand extends AbstractCommand {

	@Override
	public Integer call() {
		Optional<List<JobExecution>> recovered = withJobRepository(
				(context) -> context.getBean(SyncRunner.class).recover());
		var out = out();
		try {
			if (recovered.isEmpty()) {
				out.println("A run is in progress (it holds the run lock); nothing was recovered. "
						+ "recover is for runs whose process has died; to end a live run use 'stop'.");
				return ExitCodes.ALREADY_RUNNING;
			}
			if (recovered.get().isEmpty()) {
				out.println("Nothing to recover: no run is left STARTED.");
			}
			for (JobExecution execution : recovered.get()) {
				out.println("Recovered run " + execution.getId() + " (" + RunNumbers.label(execution) + "): now "
						+ execution.getStatus() + ". Resume it with: run --date=" + SyncRunner.runDate(execution));
			}
			return ExitCodes.OK;
		}
		finally {
			out.flush();
		}
	}

}
