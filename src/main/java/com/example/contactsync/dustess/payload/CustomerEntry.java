package com.example.contactsync.dustess.payload;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of {@code customer_list} in a {@code batchEditCustomer} request. Property
 * names are those of the API's parameter table (snake_case; {@code category_id}, never
 * the example's {@code categoryId}). A {@code null} component is left out of the JSON,
 * which the API reads as "leave this field unchanged"; an empty string is sent as
 * {@code ""}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomerEntry(@JsonProperty("id") String id, @JsonProperty("external_id") String externalId,
		@JsonProperty("remark") String remark, @JsonProperty("category_id") String categoryId,
		@JsonProperty("corp_id") String corpId, @JsonProperty("corp_full_name") String corpFullName,
		@JsonProperty("mobiles") List<Mobile> mobiles, @JsonProperty("position") String position,
		@JsonProperty("source") String source, @JsonProperty("prov_city") String provCity,
		@JsonProperty("address") String address, @JsonProperty("birthday") String birthday,
		@JsonProperty("email") String email, @JsonProperty("gender") Integer gender,
		@JsonProperty("description") String description, @JsonProperty("custom_fields") List<CustomField> customFields,
		@JsonProperty("tags") List<String> tags, @JsonProperty("age") Integer age,
		@JsonProperty("national") String national, @JsonProperty("nationality") String nationality,
		@JsonProperty("education") String education, @JsonProperty("major") String major,
		@JsonProperty("id_card") String idCard, @JsonProperty("wx") String wx, @JsonProperty("qq") String qq,
		@JsonProperty("owner") String owner, @JsonProperty("pool") String pool, @JsonProperty("reason") String reason,
		@JsonProperty("status") String status, @JsonProperty("share_uids") List<String> shareUids) {

	/**
	 * Merges a later change of the same contact over this one, field by field: a field
	 * the later entry sets wins, a field it leaves {@code null} keeps this entry's value.
	 * Custom fields merge by their {@code id} the same way — a later change that sets one
	 * custom field keeps the others of the earlier change — since each is a field of its
	 * own in Dustess. The other lists ({@code mobiles}, {@code tags}, {@code share_uids})
	 * are values as a whole: a later list replaces an earlier one.
	 */
	public CustomerEntry overlay(CustomerEntry later) {
		return new CustomerEntry(pick(this.id, later.id), pick(this.externalId, later.externalId),
				pick(this.remark, later.remark), pick(this.categoryId, later.categoryId),
				pick(this.corpId, later.corpId), pick(this.corpFullName, later.corpFullName),
				pick(this.mobiles, later.mobiles), pick(this.position, later.position), pick(this.source, later.source),
				pick(this.provCity, later.provCity), pick(this.address, later.address),
				pick(this.birthday, later.birthday), pick(this.email, later.email), pick(this.gender, later.gender),
				pick(this.description, later.description), mergeById(this.customFields, later.customFields),
				pick(this.tags, later.tags), pick(this.age, later.age), pick(this.national, later.national),
				pick(this.nationality, later.nationality), pick(this.education, later.education),
				pick(this.major, later.major), pick(this.idCard, later.idCard), pick(this.wx, later.wx),
				pick(this.qq, later.qq), pick(this.owner, later.owner), pick(this.pool, later.pool),
				pick(this.reason, later.reason), pick(this.status, later.status),
				pick(this.shareUids, later.shareUids));
	}

	private static List<CustomField> mergeById(List<CustomField> earlier, List<CustomField> later) {
		if (earlier == null || later == null) {
			return pick(earlier, later);
		}
		java.util.Map<String, CustomField> byId = new java.util.LinkedHashMap<>();
		earlier.forEach((field) -> byId.put(field.id(), field));
		later.forEach((field) -> byId.put(field.id(), field));
		return List.copyOf(byId.values());
	}

	private static <T> T pick(T earlier, T later) {
		return (later != null) ? later : earlier;
	}

	/**
	 * A contact's way of being reached: {@code type} is {@code mobile}, {@code landline},
	 * {@code other} or the id of a custom contact method.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Mobile(@JsonProperty("tel") String tel, @JsonProperty("type") String type,
			@JsonProperty("display") String display) {
	}

	/**
	 * A custom field value; exactly one of the value components is set, the one that fits
	 * {@code type}.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record CustomField(@JsonProperty("id") String id, @JsonProperty("type") String type,
			@JsonProperty("array_value") List<String> arrayValue, @JsonProperty("float_value") Double floatValue,
			@JsonProperty("string_value") String stringValue, @JsonProperty("files_value") List<FileValue> filesValue) {
	}

	/** An attachment of a file custom field. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record FileValue(@JsonProperty("name") String name, @JsonProperty("url") String url,
			@JsonProperty("file_type") String fileType) {
	}

}
