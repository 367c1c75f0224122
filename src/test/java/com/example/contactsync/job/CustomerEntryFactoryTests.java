package com.example.contactsync.job;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.contactsync.change.ContactChange;
import com.example.contactsync.dustess.payload.CustomerEntry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CustomerEntryFactoryTests {

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);

	private final CustomerEntryFactory factory = new CustomerEntryFactory(this.jsonMapper,
			Clock.fixed(TODAY.atStartOfDay(ZoneOffset.UTC).toInstant(), ZoneOffset.UTC));

	@Test
	void createWhenEveryColumnSetThenEntryHasEveryFieldOfTheParameterTable() {
		ContactChange change = new ContactChange(1, "d3e83957-175a-11eb-b365-111111111111", "crm-1", "张三",
				"00000000-0000-0000-0000-000000000000", "cda55210-9fe5-11ea-bce3-111111111111", "北京尘锋信息技术有限公司", "高级工程师",
				"searchEngines", "天津市-天津市-河东区", "某村", LocalDate.of(2020, 9, 16), "test@qq.com", 1, "我是描述", 26, "02",
				"中国", "05", "工程造价", "23451521111", "dsaf111", "test", "owner-1", "pool-1", "reason-1", "status-1",
				"[{\"tel\":\"12500010002\",\"type\":\"mobile\",\"display\":\"手机号\"},{\"tel\":\"ead12312acxzcasd\",\"type\":\"11b90rp60zya\",\"display\":\"微信号\"}]",
				"[{\"id\":\"field01\",\"string_value\":\"\",\"type\":\"text\"},"
						+ "{\"id\":\"field71\",\"array_value\":[\"撒旦法\",\"地方\"],\"type\":\"checkbox\"},"
						+ "{\"id\":\"field15\",\"array_value\":[\"组01=testttest\"],\"type\":\"multi-cascader\"},"
						+ "{\"id\":\"field16\",\"array_value\":[\"组01/组001/组001001=path/to/value\"],\"type\":\"multiCascader\"},"
						+ "{\"id\":\"field20\",\"float_value\":12.5,\"type\":\"Int\"},"
						+ "{\"id\":\"field30\",\"type\":\"file\",\"files_value\":[{\"name\":\"合同.pdf\",\"url\":\"https://f.example/1\",\"file_type\":\"pdf\"}]}]",
				"[\"etDolHEAAAF2A3f71_Y81111111111\",\"etDolHEAAAG0BIKWd7UHHP52U1111111\"]", "[\"u1\",\"u2\"]");

		JsonNode json = toJson(this.factory.create(change));

		JsonNode expected = this.jsonMapper.readTree(
				"""
						{"id":"d3e83957-175a-11eb-b365-111111111111","external_id":"crm-1","remark":"张三",
						 "category_id":"00000000-0000-0000-0000-000000000000","corp_id":"cda55210-9fe5-11ea-bce3-111111111111",
						 "corp_full_name":"北京尘锋信息技术有限公司",
						 "mobiles":[{"tel":"12500010002","type":"mobile","display":"手机号"},
						            {"tel":"ead12312acxzcasd","type":"11b90rp60zya","display":"微信号"}],
						 "position":"高级工程师","source":"searchEngines","prov_city":"天津市-天津市-河东区","address":"某村",
						 "birthday":"2020-09-16","email":"test@qq.com","gender":1,"description":"我是描述",
						 "custom_fields":[{"id":"field01","type":"text","string_value":""},
						                  {"id":"field71","type":"checkbox","array_value":["撒旦法","地方"]},
						                  {"id":"field15","type":"multi-cascader","array_value":["组01=testttest"]},
						                  {"id":"field16","type":"multiCascader","array_value":["组01/组001/组001001=path/to/value"]},
						                  {"id":"field20","type":"Int","float_value":12.5},
						                  {"id":"field30","type":"file","files_value":[{"name":"合同.pdf","url":"https://f.example/1","file_type":"pdf"}]}],
						 "tags":["etDolHEAAAF2A3f71_Y81111111111","etDolHEAAAG0BIKWd7UHHP52U1111111"],
						 "age":26,"national":"02","nationality":"中国","education":"05","major":"工程造价","id_card":"23451521111",
						 "wx":"dsaf111","qq":"test","owner":"owner-1","pool":"pool-1","reason":"reason-1","status":"status-1",
						 "share_uids":["u1","u2"]}""");
		assertThat(json).isEqualTo(expected);
		assertThat(json.has("categoryId")).isFalse();
	}

	@Test
	void createWhenColumnsNullThenFieldsOmittedAndEmptyStringsKept() {
		JsonNode json = toJson(this.factory.create(valid().build("")));
		assertThat(json.propertyNames()).containsExactlyInAnyOrder("external_id", "remark");
		assertThat(json.get("remark").asString()).isEmpty();
	}

	@Test
	void createWhenListColumnIsEmptyArrayThenSendsEmptyList() {
		JsonNode json = toJson(create(valid().withTags("[]")));
		assertThat(json.get("tags").isArray()).isTrue();
		assertThat(json.get("tags")).isEmpty();
	}

	@Test
	void createWhenNeitherIdThenRejected() {
		assertRejected(
				new ContactChange(1, null, " ", null, null, null, null, null, null, null, null, null, null, null, null,
						null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null),
				"neither customer_id nor external_id is set");
	}

	@ParameterizedTest
	@ValueSource(strings = { "mobiles", "custom_fields", "tags", "share_uids" })
	void createWhenListColumnIsNotJsonThenRejectedNamingColumn(String column) {
		assertRejected(valid().withList(column, "[{\"tel\": 138"), column + " is not valid JSON");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					mobiles       | {"tel":"1"}                                    | mobiles must be a JSON array, was object
					mobiles       | ["13800000000"]                                | mobiles[0] must be a JSON object, was string
					mobiles       | [{"tel":13800000000,"type":"mobile"}]          | mobiles[0].tel must be a string, was number
					mobiles       | [{"type":"mobile"}]                            | mobiles[0].tel is required
					mobiles       | [{"tel":"1","type":"mobile","phone":"2"}]      | mobiles[0] has the unknown field 'phone'
					tags          | [1, 2]                                         | tags[0] must be a non-empty string, was number
					tags          | [""]                                           | tags[0] must be a non-empty string
					share_uids    | "u1"                                           | share_uids must be a JSON array, was string
					custom_fields | [{"type":"text","string_value":"x"}]           | custom_fields[0].id is required
					custom_fields | [{"id":"f","type":"text","array_value":["x"]}] | custom_fields[0] of type 'text' must use string_value, not array_value
					custom_fields | [{"id":"f","type":"checkbox","string_value":"x"}] | custom_fields[0] of type 'checkbox' must use array_value, not string_value
					custom_fields | [{"id":"f","type":"Int","float_value":"12"}]   | custom_fields[0].float_value must be a number, was string
					custom_fields | [{"id":"f","type":"text"}]                     | custom_fields[0] must have exactly one of
					custom_fields | [{"id":"f","type":"text","string_value":"a","float_value":1}] | custom_fields[0] must have exactly one of
					custom_fields | [{"id":"f","type":"file","files_value":[{"name":"a","url":"u","file_type":"exe"}]}] | custom_fields[0].files_value[0].file_type must be one of
					custom_fields | [{"id":"f","type":"file","files_value":[{"name":"a","file_type":"pdf"}]}] | custom_fields[0].files_value[0].url is required
					""")
	void createWhenListColumnHasWrongShapeThenRejectedWithPath(String column, String json, String reason) {
		assertRejected(valid().withList(column, json), reason);
	}

	@Test
	void createWhenMoreThanFiveFilesThenRejected() {
		String file = "{\"name\":\"a\",\"url\":\"https://f/a\",\"file_type\":\"pdf\"}";
		String json = "[{\"id\":\"f\",\"type\":\"file\",\"files_value\":["
				+ String.join(",", java.util.Collections.nCopies(6, file)) + "]}]";
		assertRejected(valid().withList("custom_fields", json), "files_value has 6 files; at most 5");
	}

	@Test
	void createWhenFiveFilesThenAccepted() {
		String file = "{\"name\":\"a\",\"url\":\"https://f/a\",\"file_type\":\"presentationml\"}";
		String json = "[{\"id\":\"f\",\"type\":\"file\",\"files_value\":["
				+ String.join(",", java.util.Collections.nCopies(5, file)) + "]}]";
		assertThat(create(valid().withList("custom_fields", json)).customFields().get(0).filesValue()).hasSize(5);
	}

	@Test
	void createWhenUnknownCustomFieldTypeThenPassesThroughItsSingleValue() {
		CustomerEntry entry = create(
				valid().withList("custom_fields", "[{\"id\":\"f\",\"type\":\"region\",\"string_value\":\"x\"}]"));
		assertThat(entry.customFields().get(0).type()).isEqualTo("region");
		assertThat(entry.customFields().get(0).stringValue()).isEqualTo("x");
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, 3, 9 })
	void createWhenGenderOutOfRangeThenRejected(int gender) {
		assertRejected(valid().withGender(gender), "gender must be 0 (unknown), 1 (male) or 2 (female), was " + gender);
	}

	@Test
	void createWhenAgeNegativeThenRejected() {
		assertRejected(valid().withAge(-1), "age must be between 0 and 150, was -1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "00", "08", "5", "本科", "" })
	void createWhenEducationNotACodeThenRejected(String education) {
		assertRejected(valid().withEducation(education), "education must be a code from 01 to 07");
	}

	@ParameterizedTest
	@ValueSource(strings = { "四川省-成都市-武侯区-某街道", "四川省/成都市/武侯区/x", "四川省-成都市/武侯区", "四川省--武侯区" })
	void createWhenProvCityMalformedThenRejected(String provCity) {
		assertThatExceptionOfType(InvalidChangeException.class).isThrownBy(() -> create(valid().withProvCity(provCity)))
			.withMessageStartingWith("prov_city");
	}

	@ParameterizedTest
	@ValueSource(strings = { "四川省", "四川省-成都市", "四川省/成都市/武侯区" })
	void createWhenProvCityWellFormedThenAccepted(String provCity) {
		assertThat(create(valid().withProvCity(provCity)).provCity()).isEqualTo(provCity);
	}

	@Test
	void createWhenTextHasControlCharacterThenRejectedWithoutValue() {
		assertThatExceptionOfType(InvalidChangeException.class)
			.isThrownBy(() -> this.factory.create(valid().build("张\u0000三")))
			.withMessage("remark contains the control character U+0000 at position 2");
		assertRejected(valid().withList("mobiles", "[{\"tel\":\"138\\u0007\",\"type\":\"mobile\"}]"),
				"mobiles[0].tel contains the control character U+0007");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1e400", "-1e400",
			"100000000000000000000000000000000000000000000000000000000000000000000000"
					+ "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
					+ "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
					+ "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
			"1e-400" })
	void createWhenNumberOutsideFloat64ThenRejectedWithoutTheValue(String number) {
		assertThatExceptionOfType(InvalidChangeException.class)
			.isThrownBy(() -> this.factory.create(valid()
				.withList("custom_fields", "[{\"id\":\"cf\",\"type\":\"number\",\"float_value\":" + number + "}]")
				.build(null)))
			.withMessage("custom_fields[0].float_value cannot be sent as a Float64: it is too large or too small");
	}

	@Test
	void createWhenNumberIsLargestFloat64ThenSent() {
		CustomerEntry entry = create(valid().withList("custom_fields",
				"[{\"id\":\"cf\",\"type\":\"number\",\"float_value\":1.7976931348623157e308}]"));
		assertThat(entry.customFields().get(0).floatValue()).isEqualTo(Double.MAX_VALUE);
	}

	@ParameterizedTest
	@CsvSource({ "+292278994-08-16", "-292269055-12-02", "-0043-03-15", "1876-11-28", "2026-11-30", "+999999999-12-31",
			"-999999999-01-01" })
	void createWhenBirthdayImplausibleThenRejected(LocalDate birthday) {
		assertRejected(valid().withBirthday(birthday),
				"birthday must lie within the last 150 years and not in the future (from 1876-11-29 to 2026-11-29)");
	}

	@ParameterizedTest
	@CsvSource({ "1876-11-29", "2026-11-29", "1990-02-28" })
	void createWhenBirthdayWithinRangeThenSentAsIsoDate(LocalDate birthday) {
		assertThat(create(valid().withBirthday(birthday)).birthday()).isEqualTo(birthday.toString());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			""    | crm-1
			"  "  | crm-1
			""")
	void createWhenCustomerIdBlankThenNotSentAndExternalIdIdentifies(String customerId, String externalId) {
		JsonNode json = toJson(this.factory.create(valid().withIds(customerId, externalId).build(null)));
		assertThat(json.has("id")).isFalse();
		assertThat(json.get("external_id").asString()).isEqualTo("crm-1");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			" abc " | crm-1   | customer_id has leading or trailing white space
			"abc	" | crm-1   | customer_id has leading or trailing white space
			abc     | " crm-1"| external_id has leading or trailing white space
			""")
	void createWhenIdHasSurroundingWhiteSpaceThenRejected(String customerId, String externalId, String reason) {
		assertRejected(valid().withIds(customerId, externalId), reason);
	}

	@Test
	void createWhenTextHasNewlinesAndTabsThenAccepted() {
		assertThat(this.factory.create(valid().build("line1\nline2\tx")).remark()).isEqualTo("line1\nline2\tx");
	}

	private CustomerEntry create(Builder builder) {
		return this.factory.create(builder.build(null));
	}

	private void assertRejected(Builder builder, String reason) {
		assertRejected(builder.build(null), reason);
	}

	private void assertRejected(ContactChange change, String reason) {
		assertThatExceptionOfType(InvalidChangeException.class).isThrownBy(() -> this.factory.create(change))
			.withMessageContaining(reason);
	}

	private JsonNode toJson(CustomerEntry entry) {
		return this.jsonMapper.valueToTree(entry);
	}

	private static Builder valid() {
		return new Builder();
	}

	/** A minimal valid change (external_id only) with one column set at a time. */
	static final class Builder {

		private String customerId;

		private String externalId = "crm-1";

		private LocalDate birthday;

		private Integer gender;

		private Integer age;

		private String education;

		private String provCity;

		private String mobiles;

		private String customFields;

		private String tags;

		private String shareUids;

		Builder withIds(String customerId, String externalId) {
			this.customerId = customerId;
			this.externalId = externalId;
			return this;
		}

		Builder withBirthday(LocalDate birthday) {
			this.birthday = birthday;
			return this;
		}

		Builder withGender(int gender) {
			this.gender = gender;
			return this;
		}

		Builder withAge(int age) {
			this.age = age;
			return this;
		}

		Builder withEducation(String education) {
			this.education = education;
			return this;
		}

		Builder withProvCity(String provCity) {
			this.provCity = provCity;
			return this;
		}

		Builder withTags(String tags) {
			this.tags = tags;
			return this;
		}

		Builder withList(String column, String json) {
			switch (column) {
				case "mobiles" -> this.mobiles = json;
				case "custom_fields" -> this.customFields = json;
				case "tags" -> this.tags = json;
				case "share_uids" -> this.shareUids = json;
				default -> throw new IllegalArgumentException(column);
			}
			return this;
		}

		ContactChange build(String remark) {
			return new ContactChange(1, this.customerId, this.externalId, remark, null, null, null, null, null,
					this.provCity, null, this.birthday, null, this.gender, null, this.age, null, null, this.education,
					null, null, null, null, null, null, null, null, this.mobiles, this.customFields, this.tags,
					this.shareUids);
		}

	}

}
