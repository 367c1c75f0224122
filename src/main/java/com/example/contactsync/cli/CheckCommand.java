package com.example.contactsync.cli;

import java.util.List;

import java.sql.SQLException;

import picocli.CommandLine.Command;

import org.springframework.dao.DataAccessException;

import com.example.contactsync.job.FailureDescriptions;

import com.example.contactsync.logging.PersonalDataMasking;
import com.example.contactsync.operations.Preflight;

/**
 * {@code check}: the preflight. Connects with the configured settings and reports what
 * would stop a run, one line per subject; changes nothing and sends no contact.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
		description = {
				"Checks, changing nothing, what a run needs: the database and its login, the schema's version, the "
						+ "privileges the job's login lacks, the login that migrates, and the API with the credentials "
						+ "(a token had, one call with no contact in it).",
				"Exit 0 when a run could go, 2 otherwise; one line per problem." })
class CheckCommand extends ReportingCommand {

	@Override
	public Integer call() {
		List<Preflight.Finding> findings;
		try {
			findings = withApplication((context) -> context.getBean(Preflight.class).check());
		}
		catch (RuntimeException ex) {
			// the application could not start: its database, or a setting
			boolean database = FailureDescriptions.causes(ex)
				.stream()
				.anyMatch((cause) -> cause instanceof SQLException || cause instanceof DataAccessException);
			String message = PersonalDataMasking.maskForOutput(ExitCodes.messageOf(ex));
			findings = List.of(
					database ? new Preflight.Finding("database", false, "cannot connect: " + message)
							: new Preflight.Finding("settings", false, message),
					new Preflight.Finding("api", false, "not checked: the application could not start"));
		}
		Report report = report();
		if (report.isJson()) {
			report.json(findings);
		}
		for (Preflight.Finding finding : findings) {
			report.line(
					String.format("%-7s %-10s %s", finding.ok() ? "ok" : "PROBLEM", finding.subject(), finding.text()));
		}
		boolean ready = findings.stream().allMatch(Preflight.Finding::ok);
		report.line(ready ? "Ready: a run could go." : "Not ready: fix the problems above.");
		return ready ? ExitCodes.OK : ExitCodes.USAGE;
	}

}
