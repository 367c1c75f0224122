package com.example.contactsync.change;

import java.time.LocalDate;

/**
 * One pending row of {@code contact_change}, as upstream systems wrote it. The list
 * columns are kept as the raw JSON text so that a malformed value reaches validation
 * instead of failing the read.
 */
public record ContactChange(long changeId, String customerId, String externalId, String remark, String categoryId,
		String corpId, String corpFullName, String position, String source, String provCity, String address,
		LocalDate birthday, String email, Integer gender, String description, Integer age, String national,
		String nationality, String education, String major, String idCard, String wx, String qq, String owner,
		String pool, String reason, String status, String mobiles, String customFields, String tags, String shareUids) {
}
