package com.example.contactsync.capture;

import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import com.example.contactsync.change.ContactChangeRowMapper;
import com.example.contactsync.system.Databases;

/**
 * The company's contact table or view as source mode reads it: its key and the
 * {@code contact_change} data columns it has. The mapping from the company's own columns
 * is a SQL view the company writes, so this only checks the view's contract: every column
 * is one of {@code contact_change}'s data columns (unknown ones are refused with their
 * names), the key is {@code external_id} or {@code customer_id} and is among them, and on
 * PostgreSQL the list columns are {@code json} or {@code jsonb}.
 *
 * @param name the relation, as configured ({@code schema.name} or {@code name})
 * @param key the key column
 * @param fields the other data columns the source has, in {@code contact_change}'s order
 * @param postgres whether the database is PostgreSQL
 */
public record SourceRelation(String name, String key, List<String> fields, boolean postgres) {

	/** {@code contact_change}'s data columns, in its order. */
	public static final List<String> DATA_COLUMNS = Arrays.stream(ContactChangeRowMapper.COLUMNS.split(",\\s*"))
		.filter((column) -> !column.equals("change_id"))
		.toList();

	/** The columns that may identify a contact, and their length in contact_change. */
	static final Map<String, Integer> KEYS = Map.of("external_id", 128, "customer_id", 64);

	/**
	 * The text columns with a length limit, and the limit (the same on both databases).
	 */
	static final Map<String, Integer> LIMITS = Map.ofEntries(Map.entry("customer_id", 64),
			Map.entry("external_id", 128), Map.entry("remark", 255), Map.entry("category_id", 64),
			Map.entry("corp_id", 64), Map.entry("corp_full_name", 255), Map.entry("position", 255),
			Map.entry("source", 128), Map.entry("prov_city", 255), Map.entry("address", 1000), Map.entry("email", 255),
			Map.entry("national", 64), Map.entry("nationality", 64), Map.entry("education", 8), Map.entry("major", 255),
			Map.entry("id_card", 64), Map.entry("wx", 128), Map.entry("qq", 64), Map.entry("owner", 64),
			Map.entry("pool", 64), Map.entry("reason", 64), Map.entry("status", 64));

	/** The list columns: JSON documents. */
	static final Set<String> JSON_COLUMNS = Set.of("mobiles", "custom_fields", "tags", "share_uids");

	/** The columns an {@code on-delete} setting may set: plain text. */
	static final Set<String> TEXT_COLUMNS = Set.of("remark", "category_id", "corp_id", "corp_full_name", "position",
			"source", "prov_city", "address", "email", "description", "national", "nationality", "education", "major",
			"wx", "qq", "owner", "pool", "reason", "status");

	private static final Pattern RELATION_NAME = Pattern
		.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");

	/**
	 * Reads the relation's columns and checks them against the contract.
	 * @throws SourceRefusedException if the relation breaks it (every problem named)
	 */
	public static SourceRelation read(JdbcTemplate jdbcTemplate, SourceProperties properties) {
		String name = properties.relation();
		String key = properties.key().trim().toLowerCase(Locale.ROOT);
		if (!RELATION_NAME.matcher(name).matches()) {
			throw new SourceRefusedException("contact-sync.source.relation (CONTACT_SYNC_SOURCE_RELATION) '" + name
					+ "' is not a table or view name (name or schema.name, letters, digits and _)");
		}
		if (!KEYS.containsKey(key)) {
			throw new SourceRefusedException("contact-sync.source.key (CONTACT_SYNC_SOURCE_KEY) is '" + key
					+ "': it must be external_id or customer_id");
		}
		boolean postgres = Databases.isPostgres(jdbcTemplate);
		Map<String, String> columns = columns(jdbcTemplate, name);
		List<String> problems = new ArrayList<>();
		Set<String> unknown = new TreeSet<>(columns.keySet());
		unknown.removeAll(DATA_COLUMNS);
		if (!unknown.isEmpty()) {
			problems.add("unknown columns " + String.join(", ", unknown) + " (a source has contact_change's data "
					+ "columns only: rename or drop them in the view)");
		}
		if (!columns.containsKey(key)) {
			problems.add("the key column " + key + " is missing");
		}
		for (String json : JSON_COLUMNS) {
			String type = columns.get(json);
			if (postgres && type != null && !type.equals("json") && !type.equals("jsonb")) {
				problems.add("column " + json + " is " + type + ", not json or jsonb (cast it in the view: " + json
						+ "::jsonb)");
			}
		}
		for (String field : properties.onDelete().keySet()) {
			if (!TEXT_COLUMNS.contains(field)) {
				problems.add("contact-sync.source.on-delete." + field + ": only text fields can be set for a gone key ("
						+ String.join(", ", new TreeSet<>(TEXT_COLUMNS)) + ")");
			}
		}
		if (!problems.isEmpty()) {
			throw new SourceRefusedException(name + ": " + String.join("; ", problems));
		}
		List<String> fields = DATA_COLUMNS.stream()
			.filter((column) -> columns.containsKey(column) && !column.equals(key))
			.toList();
		return new SourceRelation(name, key, fields, postgres);
	}

	private static Map<String, String> columns(JdbcTemplate jdbcTemplate, String name) {
		try {
			return jdbcTemplate.execute((ConnectionCallback<Map<String, String>>) (connection) -> {
				try (var statement = connection.createStatement();
						var rs = statement.executeQuery("SELECT * FROM " + name + " WHERE 1 = 0")) {
					ResultSetMetaData metaData = rs.getMetaData();
					Map<String, String> columns = new LinkedHashMap<>();
					for (int i = 1; i <= metaData.getColumnCount(); i++) {
						columns.put(metaData.getColumnLabel(i).toLowerCase(Locale.ROOT),
								metaData.getColumnTypeName(i).toLowerCase(Locale.ROOT));
					}
					return columns;
				}
			});
		}
		catch (org.springframework.dao.DataAccessException ex) {
			throw new SourceRefusedException(name + " cannot be read: " + ex.getMostSpecificCause().getMessage()
					+ " (contact-sync.source.relation names a table or view the job's login can read)");
		}
	}

	/** The longest key contact_change holds. */
	int keyLength() {
		return KEYS.get(this.key);
	}

	/**
	 * The source as a derived table named {@code s}: {@code source_key} and the fields,
	 * the list columns as {@code contact_change} stores them.
	 */
	String derivedTable() {
		StringBuilder sql = new StringBuilder("(SELECT CAST(r.").append(this.key).append(" AS VARCHAR) AS source_key");
		for (String field : this.fields) {
			sql.append(", ").append(JSON_COLUMNS.contains(field) ? jsonCast("r." + field) : "r." + field);
			sql.append(" AS ").append(field);
		}
		return sql.append(" FROM ").append(this.name).append(" r) s").toString();
	}

	private String jsonCast(String column) {
		return this.postgres ? "CAST(" + column + " AS JSONB)" : "CAST(" + column + " AS VARCHAR)";
	}

}
