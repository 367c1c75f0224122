package com.example.contactsync.console;

import org.springframework.jdbc.core.JdbcTemplate;

import com.example.contactsync.logging.PersonalDataMasking;

/**
 * Records each action taken in the console in {@code contact_sync_console_action}: who,
 * when (the database's clock), what, how many rows it touched and what came of it.
 */
class ConsoleAudit {

	static final String RECORD = """
			INSERT INTO contact_sync_console_action (username, action, target, touched, result)
			VALUES (?, ?, ?, ?, ?)""";

	private final JdbcTemplate jdbcTemplate;

	ConsoleAudit(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	void record(String username, String action, String target, int touched, String result) {
		String masked = PersonalDataMasking.maskForOutput(result);
		this.jdbcTemplate.update(RECORD, username, action, cut(target, 200), touched, cut(masked, 500));
	}

	private static String cut(String text, int length) {
		return (text.length() <= length) ? text : text.substring(0, length - 1) + "…";
	}

}
