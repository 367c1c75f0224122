package com.example.contactsync.capture;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a capture found (or, for the dry run, would find): the source's rows by kind, the
 * changes written, and per field how many changes carry it.
 *
 * @param sourceRows rows read from the source
 * @param newRows keys seen for the first time
 * @param changedRows rows that differ from the last capture
 * @param unchangedRows rows equal to the last capture: they produce nothing
 * @param returnedRows keys back after being gone (sent whole)
 * @param resyncRows keys marked by {@code resync} (sent whole)
 * @param goneRows keys newly gone from the source
 * @param rejectedRows rows not captured because a value is longer than
 * {@code contact_change} holds: each gets a {@code REJECTED} change saying why
 * @param changes {@code contact_change} rows written, those for gone keys included
 * @param fields per field, in {@code contact_change}'s order, the changes that carry it
 */
public record CaptureCounts(long sourceRows, long newRows, long changedRows, long unchangedRows, long returnedRows,
		long resyncRows, long goneRows, long rejectedRows, long changes, Map<String, Long> fields) {

	public CaptureCounts {
		fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
	}

	/**
	 * The per field counts as one text, {@code remark=3,email=1}, fields carried only.
	 */
	public String fieldsText() {
		return this.fields.entrySet()
			.stream()
			.filter((field) -> field.getValue() > 0)
			.map((field) -> field.getKey() + "=" + field.getValue())
			.collect(Collectors.joining(","));
	}

	/** One line for the log and the run summary. */
	public String describe() {
		return this.sourceRows + " source rows: " + this.newRows + " new, " + this.changedRows + " changed, "
				+ this.unchangedRows + " unchanged, " + this.returnedRows + " back, " + this.resyncRows + " resync, "
				+ this.goneRows + " gone" + ((this.rejectedRows > 0) ? ", " + this.rejectedRows + " rejected" : "")
				+ "; " + this.changes + " changes"
				+ (this.fieldsText().isEmpty() ? "" : " (" + this.fieldsText() + ")");
	}

}
