package com.example.contactsync.job;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import com.example.contactsync.change.ContactChange;
import com.example.contactsync.dustess.payload.CustomerEntry;
import com.example.contactsync.dustess.payload.CustomerEntry.CustomField;
import com.example.contactsync.dustess.payload.CustomerEntry.FileValue;
import com.example.contactsync.dustess.payload.CustomerEntry.Mobile;

/**
 * Builds the {@code customer_list} entry for a change, checking every field against the
 * API's parameter table. NULL columns are left out of the entry; empty strings are kept.
 */
class CustomerEntryFactory {

	/** Largest number of attachments in one {@code files_value}. */
	static final int MAX_FILES = 5;

	static final Set<String> FILE_TYPES = Set.of("word", "image", "text", "pdf", "audio", "spreadsheetml",
			"presentationml", "video", "other");

	static final Set<String> EDUCATION_CODES = Set.of("01", "02", "03", "04", "05", "06", "07");

	/**
	 * The value field each known custom field type uses. Both spellings of the
	 * multi-level cascader occur in the API document. Types not listed here are passed
	 * through with whichever single value field the row gives.
	 */
	static final Map<String, String> VALUE_FIELD_BY_TYPE = Map.ofEntries(Map.entry("checkbox", "array_value"),
			Map.entry("cascader", "array_value"), Map.entry("multiCascader", "array_value"),
			Map.entry("multi-cascader", "array_value"), Map.entry("radio", "string_value"),
			Map.entry("date", "string_value"), Map.entry("datetime", "string_value"), Map.entry("text", "string_value"),
			Map.entry("textarea", "string_value"), Map.entry("Int", "float_value"), Map.entry("int", "float_value"),
			Map.entry("number", "float_value"), Map.entry("file", "files_value"), Map.entry("files", "files_value"),
			Map.entry("attachment", "files_value"));

	static final List<String> VALUE_FIELDS = List.of("array_value", "float_value", "string_value", "files_value");

	/** The oldest age accepted, and how far back a birthday may lie, in years. */
	static final int MAX_AGE = 150;

	/**
	 * Reads list columns with decimals kept exact, so a number beyond a Float64 is seen
	 * as such.
	 */
	private final ObjectReader jsonReader;

	private final Clock clock;

	/**
	 * @param clock the clock that says which day it is, for the plausible range of a
	 * birthday
	 */
	public CustomerEntryFactory(JsonMapper jsonMapper, Clock clock) {
		this.jsonReader = jsonMapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
		this.clock = clock;
	}

	/**
	 * Builds the entry for a change.
	 * @throws InvalidChangeException if the change cannot be sent as it is
	 */
	public CustomerEntry create(ContactChange change) {
		String customerId = identifier("customer_id", change.customerId());
		String externalId = identifier("external_id", change.externalId());
		if (customerId == null && externalId == null) {
			throw new InvalidChangeException("neither customer_id nor external_id is set: Dustess needs one of them");
		}
		if (change.gender() != null && (change.gender() < 0 || change.gender() > 2)) {
			throw new InvalidChangeException(
					"gender must be 0 (unknown), 1 (male) or 2 (female), was " + change.gender());
		}
		if (change.age() != null && (change.age() < 0 || change.age() > MAX_AGE)) {
			throw new InvalidChangeException("age must be between 0 and " + MAX_AGE + ", was " + change.age());
		}
		if (change.education() != null && !EDUCATION_CODES.contains(change.education())) {
			throw new InvalidChangeException("education must be a code from 01 to 07");
		}
		checkProvCity(change.provCity());
		checkBirthday(change.birthday());
		return new CustomerEntry(customerId, externalId, text("remark", change.remark()),
				text("category_id", change.categoryId()), text("corp_id", change.corpId()),
				text("corp_full_name", change.corpFullName()), list("mobiles", change.mobiles(), this::mobile),
				text("position", change.position()), text("source", change.source()),
				text("prov_city", change.provCity()), text("address", change.address()),
				(change.birthday() != null) ? change.birthday().format(DateTimeFormatter.ISO_LOCAL_DATE) : null,
				text("email", change.email()), change.gender(), text("description", change.description()),
				list("custom_fields", change.customFields(), this::customField), list("tags", change.tags(), this::id),
				change.age(), text("national", change.national()), text("nationality", change.nationality()),
				change.education(), text("major", change.major()), text("id_card", change.idCard()),
				text("wx", change.wx()), text("qq", change.qq()), text("owner", change.owner()),
				text("pool", change.pool()), text("reason", change.reason()), text("status", change.status()),
				list("share_uids", change.shareUids(), this::id));
	}

	/**
	 * A contact identifier: {@code null} when blank (not set), refused with surrounding
	 * white space (an id is compared as it is, so " abc " and "abc" would be two
	 * contacts).
	 */
	private static String identifier(String column, String value) {
		if (isBlank(value)) {
			return null;
		}
		if (!value.strip().equals(value)) {
			throw new InvalidChangeException(column + " has leading or trailing white space");
		}
		return text(column, value);
	}

	/**
	 * A birthday must lie within the last {@value #MAX_AGE} years and not after today (by
	 * the JVM's clock and time zone). The database may hold dates that are no birthday at
	 * all: PostgreSQL's {@code infinity}, {@code -infinity}, or years before the Common
	 * Era.
	 */
	private void checkBirthday(LocalDate birthday) {
		if (birthday == null) {
			return;
		}
		LocalDate today = LocalDate.now(this.clock);
		if (birthday.isAfter(today) || birthday.isBefore(today.minusYears(MAX_AGE))) {
			throw new InvalidChangeException("birthday must lie within the last " + MAX_AGE
					+ " years and not in the future (from " + today.minusYears(MAX_AGE) + " to " + today + ")");
		}
	}

	private static void checkProvCity(String provCity) {
		if (provCity == null || provCity.isEmpty()) {
			return;
		}
		boolean dash = provCity.contains("-");
		boolean slash = provCity.contains("/");
		if (dash && slash) {
			throw new InvalidChangeException("prov_city must separate its parts with '-' or with '/', not both");
		}
		String[] parts = provCity.split(dash ? "-" : "/", -1);
		if (parts.length > 3) {
			throw new InvalidChangeException(
					"prov_city has " + parts.length + " parts; at most 3 (province, city, district) are allowed");
		}
		for (String part : parts) {
			if (part.isBlank()) {
				throw new InvalidChangeException("prov_city has an empty part");
			}
		}
	}

	private <T> List<T> list(String column, String json, Function<JsonElement, T> elementMapper) {
		if (json == null) {
			return null;
		}
		JsonNode root;
		try {
			root = this.jsonReader.readTree(json);
		}
		catch (JacksonException ex) {
			throw new InvalidChangeException(column + " is not valid JSON" + location(ex));
		}
		if (root == null || !root.isArray()) {
			throw new InvalidChangeException(column + " must be a JSON array, was " + JsonElement.kind(root));
		}
		List<T> result = new ArrayList<>(root.size());
		for (int i = 0; i < root.size(); i++) {
			result.add(elementMapper.apply(new JsonElement(column + "[" + i + "]", root.get(i))));
		}
		return result;
	}

	private Mobile mobile(JsonElement element) {
		element.requireObject(Set.of("tel", "type", "display"));
		return new Mobile(element.requiredText("tel"), element.requiredText("type"), element.optionalText("display"));
	}

	private String id(JsonElement element) {
		return element.asId();
	}

	private CustomField customField(JsonElement element) {
		element.requireObject(Set.of("id", "type", "array_value", "float_value", "string_value", "files_value"));
		String id = element.requiredText("id");
		String type = element.requiredText("type");
		List<String> present = VALUE_FIELDS.stream().filter(element::has).toList();
		if (present.size() != 1) {
			throw new InvalidChangeException(element.path() + " must have exactly one of " + VALUE_FIELDS + ", has "
					+ (present.isEmpty() ? "none" : present));
		}
		String valueField = present.get(0);
		String expected = VALUE_FIELD_BY_TYPE.get(type);
		if (expected != null && !expected.equals(valueField)) {
			throw new InvalidChangeException(
					element.path() + " of type '" + type + "' must use " + expected + ", not " + valueField);
		}
		return switch (valueField) {
			case "array_value" -> new CustomField(id, type, element.child("array_value").asIdList(), null, null, null);
			case "float_value" -> new CustomField(id, type, null, element.number("float_value"), null, null);
			case "string_value" -> new CustomField(id, type, null, null, element.requiredText("string_value"), null);
			default -> new CustomField(id, type, null, null, null, files(element.child("files_value")));
		};
	}

	private List<FileValue> files(JsonElement files) {
		if (!files.node().isArray()) {
			throw new InvalidChangeException(
					files.path() + " must be a JSON array, was " + JsonElement.kind(files.node()));
		}
		if (files.node().size() > MAX_FILES) {
			throw new InvalidChangeException(
					files.path() + " has " + files.node().size() + " files; at most " + MAX_FILES + " are allowed");
		}
		List<FileValue> result = new ArrayList<>();
		for (int i = 0; i < files.node().size(); i++) {
			JsonElement file = new JsonElement(files.path() + "[" + i + "]", files.node().get(i));
			file.requireObject(Set.of("name", "url", "file_type"));
			String fileType = file.requiredText("file_type");
			if (!FILE_TYPES.contains(fileType)) {
				throw new InvalidChangeException(
						file.path() + ".file_type must be one of " + FILE_TYPES.stream().sorted().toList());
			}
			result.add(new FileValue(file.requiredText("name"), file.requiredText("url"), fileType));
		}
		return result;
	}

	private static String text(String column, String value) {
		if (value != null) {
			checkNoControlCharacters(column, value);
		}
		return value;
	}

	static void checkNoControlCharacters(String where, String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
				throw new InvalidChangeException(where + " contains the control character U+"
						+ String.format("%04X", (int) c) + " at position " + (i + 1));
			}
		}
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

	private static String location(JacksonException ex) {
		return (ex.getLocation() != null)
				? " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")" : "";
	}

}
