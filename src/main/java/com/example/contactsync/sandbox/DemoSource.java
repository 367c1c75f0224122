package com.example.contactsync.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Source mode's demo (profiles {@code sandbox,source-demo}): a company contact table of
 * its own, {@code demo_contact}, already shaped as source mode reads it. Created with
 * {@value #CONTACTS} contacts at the first start; at every later start three of them get
 * a new remark, as a CRM's users would edit them, so that the next run sends those three
 * remarks and nothing else.
 */
final class DemoSource {

	static final int CONTACTS = 60;

	private static final Logger logger = LoggerFactory.getLogger(DemoSource.class);

	private DemoSource() {
	}

	static void createOrEdit(JdbcTemplate jdbcTemplate) {
		jdbcTemplate.execute("CREATE TABLE IF NOT EXISTS demo_contact (external_id VARCHAR(128) PRIMARY KEY, "
				+ "remark VARCHAR(255), email VARCHAR(255), prov_city VARCHAR(255), age INT, mobiles VARCHAR(1000), "
				+ "edits INT DEFAULT 0 NOT NULL)");
		jdbcTemplate.execute("CREATE OR REPLACE VIEW demo_contact_source AS SELECT external_id, remark, email, "
				+ "prov_city, age, mobiles FROM demo_contact");
		Integer existing = jdbcTemplate.queryForObject("SELECT COUNT(*) FROM demo_contact", Integer.class);
		if (existing == null || existing == 0) {
			for (int i = 1; i <= CONTACTS; i++) {
				jdbcTemplate.update(
						"INSERT INTO demo_contact (external_id, remark, email, prov_city, age, mobiles) "
								+ "VALUES (?, ?, ?, ?, ?, ?)",
						"demo-crm-" + i, "a contact of the CRM", "contact" + i + "@example.com", "四川省-成都市-武侯区",
						20 + i % 40, "[{\"tel\":\"1390000" + String.format("%04d", i) + "\",\"type\":\"mobile\"}]");
			}
			logger.info("Sandbox: created the demo's company contact table demo_contact ({} contacts)", CONTACTS);
			return;
		}
		int edits = jdbcTemplate.queryForObject("SELECT COALESCE(MAX(edits), 0) + 1 FROM demo_contact", Integer.class);
		for (int i = 0; i < 3; i++) {
			int contact = (edits * 3 + i) % CONTACTS + 1;
			jdbcTemplate.update("UPDATE demo_contact SET remark = ?, edits = ? WHERE external_id = ?",
					"edited in the CRM (edit " + edits + ")", edits, "demo-crm-" + contact);
		}
		logger.info("Sandbox: edited the remark of 3 contacts of demo_contact (edit {})", edits);
	}

}
