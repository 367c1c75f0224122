package com.example.contactsync.cli;

import java.util.List;
import java.util.Optional;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import com.example.contactsync.operations.CaptureRunner;

/**
 * {@code resync}: source mode's repair — the next capture sends the chosen keys (or all)
 * whole, every non-NULL field, as if new.
 */
@Command(name = "resync", mixinStandardHelpOptions = true,
		description = { "Source mode: the next capture sends these keys whole (every non-NULL field), as if new.",
				"For a contact edited in Dustess that should match the source again. --all: every key in the source." })
class ResyncCommand extends ReportingCommand {

	@Parameters(paramLabel = "KEY", arity = "0..*", description = "The keys (values of contact-sync.source.key).")
	List<String> keys;

	@Option(names = "--all", description = "Every key present in the source.")
	boolean all;

	@Override
	public Integer call() {
		boolean some = this.keys != null && !this.keys.isEmpty();
		if (some == this.all) {
			throw usage("Give the keys to send whole, or --all (not both)");
		}
		Optional<Long> marked = withApplication(
				(context) -> context.getBean(CaptureRunner.class).resync(some ? this.keys : List.of()));
		Report report = report();
		if (marked.isEmpty()) {
			report.line("Another contact-sync run is in progress (it holds the run lock); nothing was marked.");
			return ExitCodes.ALREADY_RUNNING;
		}
		if (report.isJson()) {
			report.json(java.util.Map.of("marked", marked.get()));
		}
		boolean one = marked.get() == 1;
		report.line("Marked " + marked.get() + (one ? " key" : " keys") + ": the next capture sends "
				+ (one ? "it" : "them") + " whole.");
		return ExitCodes.OK;
	}

}
