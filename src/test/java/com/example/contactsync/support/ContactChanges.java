package com.example.contactsync.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

import com.example.contactsync.system.Databases;

/**
 * Writes {@code contact_change} rows the way an upstream system would, on H2 or
 * PostgreSQL.
 */
public final class ContactChanges {

	private static final Set<String> JSON_COLUMNS = Set.of("mobiles", "custom_fields", "tags", "share_uids");

	private final JdbcTemplate jdbcTemplate;

	private final boolean postgres;

	public ContactChanges(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
		this.postgres = Databases.isPostgres(jdbcTemplate);
	}

	public boolean isPostgres() {
		return this.postgres;
	}

	/** Inserts one change with the given columns and returns its {@code change_id}. */
	public long insert(Map<String, Object> columns) {
		Map<String, Object> values = new LinkedHashMap<>(columns);
		List<String> placeholders = new ArrayList<>();
		for (String column : values.keySet()) {
			placeholders.add((this.postgres && JSON_COLUMNS.contains(column)) ? "CAST(? AS jsonb)" : "?");
		}
		String sql = "INSERT INTO contact_change (" + String.join(", ", values.keySet()) + ") VALUES ("
				+ String.join(", ", placeholders) + ")";
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbcTemplate.update((connection) -> {
			var statement = connection.prepareStatement(sql, new String[] { "change_id" });
			int i = 1;
			for (Object value : values.values()) {
				statement.setObject(i++, value);
			}
			return statement;
		}, keys);
		return keys.getKey().longValue();
	}

	/** Inserts a valid change for a new contact identified by {@code external_id}. */
	public long insertValid(String externalId) {
		return insert(Map.of("external_id", externalId, "remark", "Contact " + externalId, "mobiles",
				"[{\"tel\":\"13800000000\",\"type\":\"mobile\",\"display\":\"手机号\"}]"));
	}

	/**
	 * Inserts a change that the sandbox answers with 13001 (its id is not a known UUID).
	 */
	public long insertUnknownContact(String customerId) {
		return insert(Map.of("customer_id", customerId, "remark", "ghost"));
	}

	public String state(long changeId) {
		return this.jdbcTemplate.queryForObject("SELECT sync_state FROM contact_change WHERE change_id = ?",
				String.class, changeId);
	}

	public Map<String, Object> row(long changeId) {
		return this.jdbcTemplate.queryForMap("SELECT * FROM contact_change WHERE change_id = ?", changeId);
	}

	/** The {@code sync_outcome} rows of a change, oldest first. */
	public List<Map<String, Object>> outcomes(long changeId) {
		return this.jdbcTemplate.queryForList("SELECT * FROM sync_outcome WHERE change_id = ? ORDER BY outcome_id",
				changeId);
	}

	public int count(String sql, Object... args) {
		Integer count = this.jdbcTemplate.queryForObject(sql, Integer.class, args);
		return (count != null) ? count : 0;
	}

	/**
	 * Removes every change and outcome, as ops would: changes still waiting are withdrawn
	 * (REJECTED) first, since the database refuses to delete them.
	 */
	public void deleteAll() {
		this.jdbcTemplate.update("DELETE FROM sync_outcome");
		this.jdbcTemplate
			.update("UPDATE contact_change SET sync_state = 'REJECTED' WHERE sync_state IN ('PENDING', 'FAILED')");
		this.jdbcTemplate.update("DELETE FROM contact_change");
	}

}
