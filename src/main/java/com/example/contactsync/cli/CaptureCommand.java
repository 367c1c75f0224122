package com.example.contactsync.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import com.example.contactsync.capture.CaptureCounts;
import com.example.contactsync.operations.CaptureRunner;

/**
 * {@code capture}: source mode's capture step alone — compares the source with what the
 * last capture took and writes the changes the next run sends. With {@code --baseline} it
 * records the source as already in Dustess and writes no change.
 */
@Command(name = "capture", mixinStandardHelpOptions = true, description = {
		"Source mode: captures what changed in contact-sync.source.relation into contact_change, sending nothing.",
		"The next 'run' sends it (capture often, run nightly). --baseline: the source is already in Dustess." })
class CaptureCommand extends ReportingCommand {

	@Option(names = "--baseline",
			description = "Record the source as already in Dustess: nothing is sent for what it holds now.")
	boolean baseline;

	@Override
	public Integer call() {
		Optional<CaptureCounts> counts = withApplication(
				(context) -> context.getBean(CaptureRunner.class).capture(this.baseline));
		Report report = report();
		if (counts.isEmpty()) {
			report.line("Another contact-sync run is in progress (it holds the run lock); nothing was captured.");
			return ExitCodes.ALREADY_RUNNING;
		}
		CaptureCounts found = counts.get();
		if (report.isJson()) {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("baseline", this.baseline);
			json.put("counts", found);
			report.json(json);
		}
		report.line((this.baseline ? "Baseline: " : "Captured: ") + found.describe()
				+ (this.baseline ? ". Nothing will be sent for it." : ". The next run sends them."));
		return ExitCodes.OK;
	}

}
