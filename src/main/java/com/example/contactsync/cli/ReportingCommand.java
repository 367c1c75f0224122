package com.example.contactsync.cli;

import picocli.CommandLine.Mixin;

/**
 * A subcommand that prints a report: a table, or JSON with {@code --json}.
 */
abstract class ReportingCommand extends AbstractCommand {

	@Mixin
	OutputOptions output;

	/** The report of this command, as {@code --json} asks. */
	Report report() {
		return report(this.output.json);
	}

}
