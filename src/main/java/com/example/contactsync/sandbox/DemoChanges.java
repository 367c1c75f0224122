package com.example.contactsync.sandbox;

import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Demo pending changes for the sandbox: most go through, some are rejected before sending
 * (bad gender, malformed JSON, too many files, bad education code, empty ids), some fail
 * at the API (unknown contact id, invalid mobile).
 */
class DemoChanges {

	static final int COUNT = 240;

	private static final Logger logger = LoggerFactory.getLogger(DemoChanges.class);

	private static final String INSERT = """
			INSERT INTO contact_change (customer_id, external_id, remark, category_id, position, prov_city,
			    birthday, email, gender, age, education, mobiles, custom_fields, tags, share_uids)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

	private static final String[] SURNAMES = { "张", "王", "李", "赵", "陈", "刘", "杨", "黄" };

	private static final String[] GIVEN = { "伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰" };

	private static final String[] CITIES = { "四川省-成都市-武侯区", "天津市-天津市-河东区", "广东省/深圳市/南山区", "浙江省-杭州市", "北京市" };

	private final JdbcTemplate jdbcTemplate;

	DemoChanges(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	void seedIfEmpty() {
		Integer existing = this.jdbcTemplate.queryForObject("SELECT COUNT(*) FROM contact_change", Integer.class);
		if (existing != null && existing > 0) {
			return;
		}
		List<Object[]> rows = new ArrayList<>();
		for (int i = 1; i <= COUNT; i++) {
			rows.add(row(i));
		}
		this.jdbcTemplate.batchUpdate(INSERT, rows);
		logger.info("Sandbox: seeded {} demo contact changes", COUNT);
	}

	static Object[] row(int i) {
		String name = SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length];
		boolean byExternalId = i % 2 == 1;
		String customerId = byExternalId ? null
				: UUID.nameUUIDFromBytes(("demo-" + i).getBytes(StandardCharsets.UTF_8)).toString();
		String externalId = byExternalId ? "crm-" + String.format("%05d", i) : null;
		String mobiles = "[{\"tel\":\"1380000" + String.format("%04d", i)
				+ "\",\"type\":\"mobile\",\"display\":\"手机号\"}]";
		String customFields = (i % 3 == 0)
				? "[{\"id\":\"field01\",\"type\":\"text\",\"string_value\":\"VIP\"},{\"id\":\"field71\",\"type\":\"checkbox\",\"array_value\":[\"电话\",\"微信\"]}]"
				: null;
		Integer gender = i % 3;
		String education = String.format("%02d", 1 + i % 7);
		String provCity = CITIES[i % CITIES.length];
		// Some rows Dustess will refuse (sandbox rules) ...
		if (i % 25 == 0) {
			customerId = "legacy-" + i;
			externalId = null;
		}
		if (i % 33 == 0) {
			mobiles = "[{\"tel\":\"12-34\",\"type\":\"mobile\"}]";
		}
		// ... and some rows contact-sync rejects before sending.
		switch (i) {
			case 7 -> gender = 7;
			case 14 -> mobiles = "[{\"tel\": \"13800000000\", ";
			case 21 -> customFields = "[{\"id\":\"field99\",\"type\":\"file\",\"files_value\":["
					+ "{\"name\":\"a\",\"url\":\"https://f/a\",\"file_type\":\"pdf\"},".repeat(5)
					+ "{\"name\":\"f\",\"url\":\"https://f/f\",\"file_type\":\"pdf\"}]}]";
			case 28 -> education = "09";
			case 35 -> {
				customerId = "";
				externalId = null;
			}
			default -> {
			}
		}
		return new Object[] { customerId, externalId, name, null, (i % 4 == 0) ? "采购经理" : null, provCity,
				Date.valueOf(LocalDate.of(1970 + i % 35, 1 + i % 12, 1 + i % 28)),
				(i % 5 == 0) ? "user" + i + "@example.com" : null, gender, 20 + i % 45, education, mobiles,
				customFields, "[\"etDemoTag" + (i % 4) + "\"]", null };
	}

}
