package com.example.contactsync.capture;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.contactsync.logging.PersonalDataMasking;

/**
 * Captures what changed in the source: compares it with what the last capture took
 * ({@link CaptureStatements}), writes a {@code contact_change} per new or changed contact
 * with the fields that changed, marks keys gone from the source, takes the source into
 * the state, and records the capture in {@code contact_sync_capture}. Expected to be
 * called inside one transaction at {@link #SNAPSHOT} isolation: the capture reads one
 * snapshot of the source, and a capture that fails or is killed leaves everything as
 * before it.
 */
public class Capture {

	/**
	 * The isolation a capture runs at: one snapshot of the source for every statement.
	 */
	public static final int SNAPSHOT = TransactionDefinition.ISOLATION_REPEATABLE_READ;

	private static final Logger logger = LoggerFactory.getLogger(Capture.class);

	private static final String RECORD = """
			INSERT INTO contact_sync_capture (job_execution_id, kind, source_relation, captured_at, source_rows,
			    new_rows, changed_rows, unchanged_rows, returned_rows, resync_rows, gone_rows, rejected_rows, changes,
			    field_counts)
			VALUES (?, ?, ?, CURRENT_TIMESTAMP, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

	private final JdbcTemplate jdbcTemplate;

	private final SourceProperties properties;

	private final TransactionTemplate ownTransaction;

	public Capture(JdbcTemplate jdbcTemplate, SourceProperties properties) {
		this(jdbcTemplate, properties, null);
	}

	/**
	 * @param transactionManager records a capture refused for lost keys in a transaction
	 * of its own (the capture's own is rolled back), for the alert; {@code null}: not
	 * recorded
	 */
	public Capture(JdbcTemplate jdbcTemplate, SourceProperties properties,
			PlatformTransactionManager transactionManager) {
		this.jdbcTemplate = jdbcTemplate;
		this.properties = properties;
		this.ownTransaction = (transactionManager != null) ? new TransactionTemplate(transactionManager) : null;
		if (this.ownTransaction != null) {
			this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		}
	}

	/** A transaction template for a capture: {@link #SNAPSHOT} isolation. */
	public static TransactionTemplate transaction(PlatformTransactionManager transactionManager) {
		TransactionTemplate template = new TransactionTemplate(transactionManager);
		template.setIsolationLevel(SNAPSHOT);
		return template;
	}

	/**
	 * Captures the source: writes the changes and takes the source into the state.
	 * @param jobExecutionId the run whose step this is, or {@code null} for the command
	 * @param baseline record the source as already in Dustess: nothing is sent
	 * @throws SourceRefusedException if the source breaks the contract, has NULL or
	 * repeated keys, or lost more keys than allowed; nothing is written then
	 */
	public CaptureCounts capture(Long jobExecutionId, boolean baseline) {
		SourceRelation source = SourceRelation.read(this.jdbcTemplate, this.properties);
		CaptureStatements statements = new CaptureStatements(source);
		CaptureCounts found = check(source, statements, true);
		long written = 0;
		if (!baseline && found.changes() > 0) {
			written += this.jdbcTemplate.update(statements.insertChanges());
		}
		if (found.rejectedRows() > 0) {
			written += this.jdbcTemplate.update(statements.insertRejections());
		}
		if (found.goneRows() > 0) {
			List<String> onDelete = new ArrayList<>(this.properties.onDelete().keySet());
			if (!baseline && !onDelete.isEmpty()) {
				written += this.jdbcTemplate.update(statements.insertGoneChanges(onDelete),
						onDelete.stream().map(this.properties.onDelete()::get).toArray());
			}
			this.jdbcTemplate.update(statements.markGone());
		}
		if (found.newRows() + found.changedRows() + found.returnedRows() + found.resyncRows() > 0) {
			this.jdbcTemplate.update(statements.updateState());
		}
		if (written > 0 && source.postgres()) {
			// the sync step plans its split of the run right after: with statistics taken
			// before these rows (none PENDING, or an empty table) PostgreSQL chose plans
			// that took 53 s to split 10k changes. ANALYZE counts the rows this
			// transaction wrote; a login that does not own the table gets a warning.
			this.jdbcTemplate.execute("ANALYZE contact_change");
		}
		CaptureCounts counts = baseline ? new CaptureCounts(found.sourceRows(), found.newRows(), found.changedRows(),
				found.unchangedRows(), found.returnedRows(), found.resyncRows(), found.goneRows(), found.rejectedRows(),
				written, Map.of()) : withChanges(found, written);
		this.jdbcTemplate.update(RECORD, jobExecutionId, baseline ? "BASELINE" : "CAPTURE", source.name(),
				counts.sourceRows(), counts.newRows(), counts.changedRows(), counts.unchangedRows(),
				counts.returnedRows(), counts.resyncRows(), counts.goneRows(), counts.rejectedRows(), counts.changes(),
				counts.fieldsText());
		logger.info("{} of {}: {}", baseline ? "Baseline" : "Capture", source.name(), counts.describe());
		return counts;
	}

	/**
	 * What a capture would find now, written nowhere (the dry run).
	 * @throws SourceRefusedException as {@link #capture} would
	 */
	public CaptureCounts preview() {
		SourceRelation source = SourceRelation.read(this.jdbcTemplate, this.properties);
		return check(source, new CaptureStatements(source), false);
	}

	/**
	 * Marks keys to be sent whole by the next capture, and records it.
	 * @param keys the keys; empty for every key present in the source
	 * @return how many keys were marked
	 */
	public long resync(Collection<String> keys) {
		String state = CaptureStatements.STATE;
		long marked;
		if (keys.isEmpty()) {
			marked = this.jdbcTemplate.update("UPDATE " + state + " SET resync = TRUE WHERE gone_at IS NULL");
		}
		else {
			marked = 0;
			for (String key : keys) {
				marked += this.jdbcTemplate.update("UPDATE " + state + " SET resync = TRUE WHERE source_key = ?", key);
			}
		}
		this.jdbcTemplate.update(RECORD, null, "RESYNC", String.valueOf(this.properties.relation()), marked, 0, 0, 0, 0,
				marked, 0, 0, 0, null);
		logger.info("Marked {} keys to be sent whole by the next capture", marked);
		return marked;
	}

	private CaptureCounts check(SourceRelation source, CaptureStatements statements, boolean written) {
		List<String> fields = source.fields();
		long[] row = this.jdbcTemplate.queryForObject(statements.counts(), (rs, n) -> {
			long[] values = new long[9 + fields.size()];
			for (int i = 0; i < values.length; i++) {
				values[i] = rs.getLong(i + 1);
			}
			return values;
		});
		List<String> problems = new ArrayList<>();
		if (row[1] > 0) {
			problems.add(row[1] + " rows with a NULL " + source.key());
		}
		if (row[2] > 0) {
			problems.add(row[2] + " keys longer than contact_change's " + source.key() + " (" + source.keyLength()
					+ " characters)");
		}
		List<String> repeated = new ArrayList<>();
		long[] repeatedCount = { 0 };
		this.jdbcTemplate.query(statements.repeatedKeys(), (rs) -> {
			repeated.add(PersonalDataMasking.maskAllButTail(rs.getString(1)));
			repeatedCount[0] = rs.getLong(2);
		});
		if (repeatedCount[0] > 0) {
			problems
				.add(repeatedCount[0] + " keys on more than one row (for example " + String.join(", ", repeated) + ")");
		}
		if (!problems.isEmpty()) {
			throw new SourceRefusedException(
					source.name() + " (key " + source.key() + "): " + String.join("; ", problems)
							+ ". One row per contact, each with its own key: fix the view; nothing was captured.");
		}
		long[] gone = this.jdbcTemplate.queryForObject(statements.goneCounts(),
				(rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) });
		if (gone[1] > 0 && (double) gone[1] / gone[0] > this.properties.maxGoneShare()
				&& !this.properties.acceptGone()) {
			recordRefusal(source, row, gone[1], written);
			throw new SourceRefusedException(String.format(java.util.Locale.ROOT,
					"%s lost %d of its %d keys (%.1f%%, more than contact-sync.source.max-gone-share %.1f%%): "
							+ "a broken view must not look like mass deletion; nothing was captured. If the keys "
							+ "are really gone, run again with --contact-sync.source.accept-gone=true "
							+ "(CONTACT_SYNC_SOURCE_ACCEPT_GONE=true).",
					source.name(), gone[1], gone[0], 100.0 * gone[1] / gone[0],
					100.0 * this.properties.maxGoneShare()));
		}
		Map<String, Long> perField = new LinkedHashMap<>();
		for (int i = 0; i < fields.size(); i++) {
			perField.put(fields.get(i), row[9 + i]);
		}
		long unchanged = row[0] - row[3] - row[4] - row[5] - row[6];
		long goneChanges = this.properties.onDelete().isEmpty() ? 0 : gone[1];
		return new CaptureCounts(row[0], row[3], row[6], unchanged, row[4], row[5], gone[1], row[8],
				row[7] + row[8] + goneChanges, perField);
	}

	/**
	 * A capture refused for lost keys, in a transaction of its own: the alert reads it.
	 */
	private void recordRefusal(SourceRelation source, long[] row, long gone, boolean record) {
		if (!record || this.ownTransaction == null) {
			return;
		}
		long unchanged = row[0] - row[3] - row[4] - row[5] - row[6];
		this.ownTransaction.executeWithoutResult((status) -> this.jdbcTemplate.update(RECORD, null, "REFUSED",
				source.name(), row[0], row[3], row[6], unchanged, row[4], row[5], gone, row[8], 0, null));
	}

	private static CaptureCounts withChanges(CaptureCounts found, long changes) {
		return new CaptureCounts(found.sourceRows(), found.newRows(), found.changedRows(), found.unchangedRows(),
				found.returnedRows(), found.resyncRows(), found.goneRows(), found.rejectedRows(), changes,
				found.fields());
	}

}
