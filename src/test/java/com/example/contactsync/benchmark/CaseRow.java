package com.example.contactsync.benchmark;

import java.time.Duration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One case of the first block.
 *
 * @param label the case
 * @param changes the backlog
 * @param process the measured process
 * @param runSeconds the time of the work inside the process
 * @param calls what the stub saw
 */
record CaseRow(String label, int changes, MeasuredProcess.Result process, double runSeconds,
		BenchmarkStub.Counters calls) {

	double seconds() {
		return this.process.seconds();
	}

	String format(double bareSeconds) {
		return formatRatio(seconds() / bareSeconds);
	}

	String formatRatio(double ratio) {
		return String.format(Locale.ROOT, "%-16s %9d %8.1f %10.0f %6.2f %7.1f %6d %8.1f %9.0f %9.0f %8.0f", this.label,
				this.changes, seconds(), this.changes / seconds(), ratio, this.runSeconds, this.calls.calls(),
				this.calls.calls() / this.calls.apiWindowSeconds(), this.process.peakHeapMb(),
				this.process.maxAfterGcMb(), this.process.peakRssMb());
	}

	/**
	 * The row whose whole process took the median time (the upper one of an even count).
	 */
	static CaseRow median(List<CaseRow> rows) {
		List<CaseRow> sorted = new ArrayList<>(rows);
		sorted.sort(java.util.Comparator.comparingDouble(CaseRow::seconds));
		return sorted.get(sorted.size() / 2);
	}

	/** The median of {@code values} (the upper one of an even count). */
	static double medianOf(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		return sorted.get(sorted.size() / 2);
	}

	/**
	 * What the columns of the first block mean; with {@code footnote}, why a case ran one
	 * call at a time.
	 */
	static List<String> legend(boolean footnote, String concurrencySetting) {
		List<String> legend = new ArrayList<>();
		legend
			.add("seconds: the whole process, start to exit (JVM start included); x bare: seconds / the bare loop's;");
		legend.add("run s: inside the process (the job execution's start to end, or the bare loop's loop);");
		legend
			.add("job c=N: java -jar contact-sync.jar run, the JVM's default options; job c=N launcher: as jobs/ starts"
					+ " it, java @jobs/jvm.options -XX:SharedArchiveFile=contact-sync.jsa -jar (the jar extracted);");
		legend.add("calls/s: calls / (first call's arrival at the stub to its last answer);");
		legend.add(
				"heap MB: the most heap in use (before a GC, or at exit); live MB: the most heap still in use after a GC;");
		legend.add("RSS MB: peak resident set of the process (VmHWM).");
		if (footnote) {
			legend.add("* the jar has no " + concurrencySetting + " setting: the job runs one call at a time.");
		}
		return legend;
	}

	/**
	 * Long enough for 500 changes a second, a third of what the job did at its slowest.
	 */
	static Duration timeout(int size) {
		return Duration.ofSeconds(120 + size / 500);
	}
}
