package com.example.contactsync.capture;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The set-based SQL of a capture, for one source: the source ({@code s}) joined to the
 * state ({@code t}, what the last capture took) and to the fields each key's failed
 * changes still owe ({@code o}). No source row travels to the JVM.
 * <p>
 * The rule, per row: a new key, a key back after being gone, or a key marked by
 * {@code resync} sends every non-NULL field ("whole"); otherwise a row that differs from
 * the state in any field sends each non-NULL field that differs, plus each non-NULL field
 * a failed change of the key still owes. A field cleared at the source (NULL now) is not
 * sent: the API has no "clear", and NULL means "leave unchanged" in
 * {@code contact_change}.
 */
final class CaptureStatements {

	static final String STATE = "contact_sync_source_state";

	private static final String WHOLE = "(t.source_key IS NULL OR t.gone_at IS NOT NULL OR t.resync)";

	private final SourceRelation source;

	private final String from;

	CaptureStatements(SourceRelation source) {
		this.source = source;
		this.from = " FROM " + source.derivedTable() + " LEFT JOIN " + STATE
				+ " t ON t.source_key = s.source_key LEFT JOIN " + owed() + " o ON o.source_key = s.source_key";
	}

	/**
	 * Per key, 1 for each field that a change of the key ended FAILED, EXHAUSTED,
	 * REJECTED or UNKNOWN while carrying, with no SYNCED change of the key after it.
	 */
	private String owed() {
		String key = this.source.key();
		String flags = this.source.fields()
			.stream()
			.map((field) -> "MAX(CASE WHEN c." + field + " IS NOT NULL THEN 1 ELSE 0 END) AS " + field)
			.collect(Collectors.joining(", "));
		return "(SELECT c." + key + " AS source_key" + (flags.isEmpty() ? "" : ", " + flags)
				+ " FROM contact_change c WHERE c.sync_state IN ('FAILED', 'EXHAUSTED', 'REJECTED', 'UNKNOWN') AND c."
				+ key + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contact_change l WHERE l." + key + " = c." + key
				+ " AND l.change_id > c.change_id AND l.sync_state = 'SYNCED') GROUP BY c." + key + ")";
	}

	/** Whether the row differs from the state in any field (false for a new key). */
	private String changed() {
		if (this.source.fields().isEmpty()) {
			return "(1 = 0)";
		}
		return this.source.fields()
			.stream()
			.map((field) -> "s." + field + " IS DISTINCT FROM t." + field)
			.collect(Collectors.joining(" OR ", "(t.source_key IS NOT NULL AND (", "))"));
	}

	/** Whether the row's state changes: new, back, resync, or different. */
	private String stateChanges() {
		return "(" + WHOLE + " OR " + changed() + ")";
	}

	/**
	 * The source joined to the state and the owed fields, each comparison made once per
	 * row, as a derived table {@code y}: {@code source_key}, the fields' values (with
	 * {@code values}), {@code state_key}, {@code gone_at}, {@code resync}, per field
	 * {@code n_} (not NULL at the source), {@code d_} (differs from the state) and
	 * {@code o_} (owed), then {@code whole} and {@code changed}. The
	 * {@code OFFSET 0 ROWS} keeps each level a subquery of its own: merged into the outer
	 * query, every use of a flag would repeat its comparison (a field's {@link #sends}
	 * uses {@link #changed}, which compares every field).
	 */
	private String flagged(boolean values) {
		StringBuilder inner = new StringBuilder("SELECT s.source_key");
		for (String field : this.source.fields()) {
			if (values) {
				inner.append(", s.").append(field);
			}
			inner.append(", (s.").append(field).append(" IS NOT NULL) AS n_").append(field);
			inner.append(", (s.")
				.append(field)
				.append(" IS DISTINCT FROM t.")
				.append(field)
				.append(") AS d_")
				.append(field);
			inner.append(", o.").append(field).append(" AS o_").append(field);
		}
		inner.append(", ").append(tooLong("s")).append(" AS too_long");
		inner.append(", t.source_key AS state_key, t.gone_at, t.resync").append(this.from).append(" OFFSET 0 ROWS");
		String changed = this.source.fields().isEmpty() ? "(1 = 0)"
				: this.source.fields()
					.stream()
					.map((field) -> "x.d_" + field)
					.collect(Collectors.joining(" OR ", "(x.state_key IS NOT NULL AND (", "))"));
		return "(SELECT x.*, (x.state_key IS NULL OR x.gone_at IS NOT NULL OR x.resync) AS whole, " + changed
				+ " AS changed FROM (" + inner + ") x OFFSET 0 ROWS) y";
	}

	/**
	 * Whether a field of the row (of the table known as {@code alias}) is longer than
	 * {@code contact_change} holds: such a row is not captured (its state stays, so a
	 * later capture takes it once fixed) and gets a {@code REJECTED} change saying why;
	 * the other rows go on. Never NULL.
	 */
	private String tooLong(String alias) {
		String any = this.source.fields()
			.stream()
			.filter(SourceRelation.LIMITS::containsKey)
			.map((field) -> "CHAR_LENGTH(" + alias + "." + field + ") > " + SourceRelation.LIMITS.get(field))
			.collect(Collectors.joining(" OR "));
		return any.isEmpty() ? "(1 = 0)" : "(CASE WHEN " + any + " THEN 1 = 1 ELSE 1 = 0 END)";
	}

	/**
	 * Why a row on {@link #flagged} is too long: its first field too long, and the limit.
	 */
	private String tooLongReason() {
		String cases = this.source.fields()
			.stream()
			.filter(SourceRelation.LIMITS::containsKey)
			.map((field) -> " WHEN CHAR_LENGTH(y." + field + ") > " + SourceRelation.LIMITS.get(field) + " THEN '"
					+ field + " is longer than " + SourceRelation.LIMITS.get(field) + " characters'")
			.collect(Collectors.joining());
		return "CASE" + cases + " END || ' at the source (" + this.source.name()
				+ "): not captured; fix the row, the next capture takes it'";
	}

	/** Whether the row's change carries the field, on {@link #flagged}. */
	private static String flaggedSends(String field) {
		return "(y.n_" + field + " AND (y.whole OR y.d_" + field + " OR (y.o_" + field + " = 1 AND y.changed)))";
	}

	/** Whether the row produces a change, on {@link #flagged}. */
	private String flaggedProducesChange() {
		String any = this.source.fields()
			.stream()
			.map(CaptureStatements::flaggedSends)
			.collect(Collectors.joining(" OR "));
		return any.isEmpty() ? "(1 = 0)" : "(" + any + ")";
	}

	/**
	 * One row: source rows, NULL keys, keys too long for contact_change, new, back,
	 * resync, changed, changes produced, rows rejected for a value too long, then per
	 * field the changes that carry it.
	 */
	String counts() {
		StringBuilder sql = new StringBuilder("SELECT COUNT(*), ")
			.append("COALESCE(SUM(CASE WHEN y.source_key IS NULL THEN 1 ELSE 0 END), 0), ")
			.append("COALESCE(SUM(CASE WHEN CHAR_LENGTH(y.source_key) > ")
			.append(this.source.keyLength())
			.append(" THEN 1 ELSE 0 END), 0), ")
			.append("COALESCE(SUM(CASE WHEN y.source_key IS NOT NULL AND y.state_key IS NULL THEN 1 ELSE 0 END), 0), ")
			.append("COALESCE(SUM(CASE WHEN y.gone_at IS NOT NULL THEN 1 ELSE 0 END), 0), ")
			.append("COALESCE(SUM(CASE WHEN y.gone_at IS NULL AND y.resync THEN 1 ELSE 0 END), 0), ")
			.append("COALESCE(SUM(CASE WHEN y.gone_at IS NULL AND NOT y.resync AND y.changed THEN 1 ELSE 0 END), 0), ")
			.append("COALESCE(SUM(CASE WHEN NOT y.too_long AND ")
			.append(flaggedProducesChange())
			.append(" THEN 1 ELSE 0 END), 0), ")
			.append("COALESCE(SUM(CASE WHEN y.too_long AND (y.whole OR y.changed) THEN 1 ELSE 0 END), 0)");
		for (String field : this.source.fields()) {
			sql.append(", COALESCE(SUM(CASE WHEN NOT y.too_long AND ")
				.append(flaggedSends(field))
				.append(" THEN 1 ELSE 0 END), 0)");
		}
		return sql.append(" FROM ").append(flagged(false)).toString();
	}

	/** Repeated keys (the key and how many keys repeat), the first three in order. */
	String repeatedKeys() {
		return "SELECT d.source_key, COUNT(*) OVER () FROM (SELECT s.source_key FROM " + this.source.derivedTable()
				+ " WHERE s.source_key IS NOT NULL GROUP BY s.source_key HAVING COUNT(*) > 1) d"
				+ " ORDER BY d.source_key FETCH FIRST 3 ROWS ONLY";
	}

	/** Writes the change of each row that produces one, in key order. */
	String insertChanges() {
		List<String> fields = this.source.fields();
		String columns = fields.stream().map((field) -> ", " + field).collect(Collectors.joining());
		String values = fields.stream()
			.map((field) -> ", CASE WHEN " + flaggedSends(field) + " THEN y." + field + " END")
			.collect(Collectors.joining());
		return "INSERT INTO contact_change (" + this.source.key() + columns + ") SELECT y.source_key" + values
				+ " FROM " + flagged(true) + " WHERE NOT y.too_long AND " + flaggedProducesChange()
				+ " ORDER BY y.source_key";
	}

	/**
	 * Writes a {@code REJECTED} change, saying why, for each new or changed row too long.
	 */
	String insertRejections() {
		return "INSERT INTO contact_change (" + this.source.key()
				+ ", sync_state, last_message) SELECT y.source_key, 'REJECTED', " + tooLongReason() + " FROM "
				+ flagged(true) + " WHERE y.too_long AND (y.whole OR y.changed) ORDER BY y.source_key";
	}

	/** The rows whose state changes, as a derived table {@code s}. */
	private String changedRows() {
		String columns = this.source.fields().stream().map((field) -> ", s." + field).collect(Collectors.joining());
		return "(SELECT s.source_key" + columns + " FROM " + this.source.derivedTable() + " LEFT JOIN " + STATE
				+ " t ON t.source_key = s.source_key WHERE " + stateChanges() + " AND NOT " + tooLong("s") + ") s";
	}

	/** Takes the rows whose state changes into the state. */
	String updateState() {
		List<String> fields = this.source.fields();
		String columns = fields.stream().map((field) -> ", " + field).collect(Collectors.joining());
		if (this.source.postgres()) {
			String set = fields.stream()
				.map((field) -> field + " = EXCLUDED." + field + ", ")
				.collect(Collectors.joining());
			return "INSERT INTO " + STATE + " AS t (source_key" + columns
					+ ", first_seen_at, captured_at, gone_at, resync) SELECT s.source_key"
					+ fields.stream().map((field) -> ", s." + field).collect(Collectors.joining())
					+ ", CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, NULL, FALSE FROM " + changedRows()
					+ " ON CONFLICT (source_key) DO UPDATE SET " + set
					+ "captured_at = EXCLUDED.captured_at, gone_at = NULL, resync = FALSE";
		}
		String set = fields.stream()
			.map((field) -> "t." + field + " = s." + field + ", ")
			.collect(Collectors.joining());
		return "MERGE INTO " + STATE + " t USING " + changedRows() + " ON t.source_key = s.source_key"
				+ " WHEN MATCHED THEN UPDATE SET " + set
				+ "captured_at = CURRENT_TIMESTAMP, gone_at = NULL, resync = FALSE"
				+ " WHEN NOT MATCHED THEN INSERT (source_key" + columns + ", first_seen_at, captured_at, resync)"
				+ " VALUES (s.source_key" + fields.stream().map((field) -> ", s." + field).collect(Collectors.joining())
				+ ", CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, FALSE)";
	}

	/** The condition on {@code t} of a key present until now and gone from the source. */
	private String goneNow() {
		return "t.gone_at IS NULL AND NOT EXISTS (SELECT 1 FROM " + this.source.derivedTable()
				+ " WHERE s.source_key = t.source_key)";
	}

	/**
	 * Two counts: the keys present until now, and those of them gone from the source. A
	 * join, not a lookup per key: the source's keys are unique by then
	 * ({@link #repeatedKeys} is checked first).
	 */
	String goneCounts() {
		return "SELECT COUNT(*), COALESCE(SUM(CASE WHEN s.source_key IS NULL THEN 1 ELSE 0 END), 0) FROM " + STATE
				+ " t LEFT JOIN " + this.source.derivedTable()
				+ " ON s.source_key = t.source_key WHERE t.gone_at IS NULL";
	}

	/** Writes, for each key gone now, a change setting the given fields (parameters). */
	String insertGoneChanges(List<String> fields) {
		String columns = fields.stream().map((field) -> ", " + field).collect(Collectors.joining());
		String values = fields.stream().map((field) -> ", CAST(? AS VARCHAR)").collect(Collectors.joining());
		return "INSERT INTO contact_change (" + this.source.key() + columns + ") SELECT t.source_key" + values
				+ " FROM " + STATE + " t WHERE " + goneNow() + " ORDER BY t.source_key";
	}

	/** Marks the keys gone now. */
	String markGone() {
		return "UPDATE " + STATE + " t SET gone_at = CURRENT_TIMESTAMP WHERE " + goneNow();
	}

}
