package com.example.contactsync.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One run of the source-mode block.
 *
 * @param label the size and the run
 * @param process the measured process
 * @param captured what the capture recorded
 * @param calls what the stub saw
 */
record SourceRow(String label, MeasuredProcess.Result process, SourceTable.Captured captured,
		BenchmarkStub.Counters calls) {

	String format() {
		return String.format(Locale.ROOT, "%-24s %8d %8d %8d %9d %8d %9.2f %7.1f %8.1f %6d %8d %8.0f %8.0f %7.0f",
				this.label, this.captured.sourceRows(), this.captured.newRows(), this.captured.changedRows(),
				this.captured.unchangedRows(), this.captured.changes(), this.captured.captureSeconds(),
				this.captured.runSeconds(), this.process.seconds(), this.calls.calls(), this.calls.entries(),
				this.process.peakHeapMb(), this.process.maxAfterGcMb(), this.process.peakRssMb());
	}

	/** The row whose capture took the median time (the upper one of an even count). */
	static SourceRow median(List<SourceRow> rows) {
		List<SourceRow> sorted = new ArrayList<>(rows);
		sorted.sort(java.util.Comparator.comparingDouble((SourceRow row) -> row.captured().captureSeconds()));
		return sorted.get(sorted.size() / 2);
	}

}
