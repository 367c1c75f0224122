package com.example.contactsync.dustess.payload;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer of {@code batchEditCustomer}. {@code code} may be absent when
 * {@code success} is {@code true}; {@code 4126} marks a per-item (partial or total)
 * failure. {@code data} and either of its lists may be {@code null}.
 * <p>
 * Read leniently below the top level: a value of an unexpected type — a code beyond an
 * {@code int}, an index that is no number, a message that is an object — becomes
 * {@code null} or its JSON text instead of failing the whole answer. An answer Dustess
 * has applied must be recordable: one that failed to parse would be retried, and every
 * rerun would send the same entries again.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchEditCustomerResponse(Boolean success, Integer code, String msg, Data data) {

	@JsonCreator
	static BatchEditCustomerResponse of(@JsonProperty("success") Boolean success, @JsonProperty("code") JsonNode code,
			@JsonProperty("msg") JsonNode msg, @JsonProperty("data") Data data) {
		return new BatchEditCustomerResponse(success, integer(code), text(msg), data);
	}

	/** The per-item results. Either list may be {@code null}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Data(List<ItemResult> success, List<ItemResult> fail) {

		@JsonCreator
		static Data of(@JsonProperty("success") JsonNode success, @JsonProperty("fail") JsonNode fail) {
			return new Data(items(success), items(fail));
		}

		private static List<ItemResult> items(JsonNode list) {
			if (list == null || !list.isArray()) {
				return null;
			}
			List<ItemResult> items = new ArrayList<>(list.size());
			for (JsonNode item : list) {
				items.add(item.isObject() ? ItemResult.of(item.get("code"), item.get("index"), item.get("id"),
						item.get("uuid"), item.get("msg")) : null);
			}
			return items;
		}

	}

	/**
	 * The result for one request entry. {@code index} is the entry's 1-based position in
	 * {@code customer_list}. A success may carry the contact id under {@code uuid}
	 * instead of {@code id}; a failure carries {@code ""} or {@code "0"}.
	 */
	public record ItemResult(Integer code, Integer index, String id, String uuid, String msg) {

		static ItemResult of(JsonNode code, JsonNode index, JsonNode id, JsonNode uuid, JsonNode msg) {
			return new ItemResult(integer(code), integer(index), text(id), text(uuid), text(msg));
		}

		/**
		 * The contact id Dustess returned, from {@code id} or else {@code uuid};
		 * {@code null} when neither holds a real id ({@code ""} and {@code "0"} are
		 * placeholders).
		 */
		public String contactId() {
			if (isRealId(this.id)) {
				return this.id;
			}
			return isRealId(this.uuid) ? this.uuid : null;
		}

		private static boolean isRealId(String value) {
			return value != null && !value.isBlank() && !"0".equals(value);
		}

	}

	/** An int, from a number or a string of digits that fits; else {@code null}. */
	static Integer integer(JsonNode value) {
		if (value == null || value.isNull() || value.isMissingNode()) {
			return null;
		}
		if (value.isIntegralNumber()) {
			return value.canConvertToInt() ? value.intValue() : null;
		}
		if (value.isString()) {
			try {
				return Integer.valueOf(value.asString().strip());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

	/** A string as it is, a number or boolean as its text, anything else as its JSON. */
	static String text(JsonNode value) {
		if (value == null || value.isNull() || value.isMissingNode()) {
			return null;
		}
		if (value.isString()) {
			return value.asString();
		}
		return value.isValueNode() ? value.asString() : value.toString();
	}

}
