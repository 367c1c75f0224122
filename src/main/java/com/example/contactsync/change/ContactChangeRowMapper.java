package com.example.contactsync.change;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;

import org.springframework.jdbc.core.RowMapper;

/**
 * Maps a row selected with {@link #COLUMNS} to a {@link ContactChange}.
 */
public class ContactChangeRowMapper implements RowMapper<ContactChange> {

	/** The columns a {@link ContactChange} is built from. */
	public static final String COLUMNS = "change_id, customer_id, external_id, remark, category_id, corp_id, "
			+ "corp_full_name, position, source, prov_city, address, birthday, email, gender, description, age, "
			+ "national, nationality, education, major, id_card, wx, qq, owner, pool, reason, status, "
			+ "mobiles, custom_fields, tags, share_uids";

	@Override
	public ContactChange mapRow(ResultSet rs, int rowNum) throws SQLException {
		// as a LocalDate, not a java.sql.Date: PostgreSQL's infinity, -infinity and BC
		// dates then
		// keep their meaning (LocalDate.MAX, LocalDate.MIN, negative years) for
		// validation to refuse
		LocalDate birthday = rs.getObject("birthday", LocalDate.class);
		return new ContactChange(rs.getLong("change_id"), rs.getString("customer_id"), rs.getString("external_id"),
				rs.getString("remark"), rs.getString("category_id"), rs.getString("corp_id"),
				rs.getString("corp_full_name"), rs.getString("position"), rs.getString("source"),
				rs.getString("prov_city"), rs.getString("address"), birthday, rs.getString("email"),
				rs.getObject("gender", Integer.class), rs.getString("description"), rs.getObject("age", Integer.class),
				rs.getString("national"), rs.getString("nationality"), rs.getString("education"), rs.getString("major"),
				rs.getString("id_card"), rs.getString("wx"), rs.getString("qq"), rs.getString("owner"),
				rs.getString("pool"), rs.getString("reason"), rs.getString("status"), rs.getString("mobiles"),
				rs.getString("custom_fields"), rs.getString("tags"), rs.getString("share_uids"));
	}

}
