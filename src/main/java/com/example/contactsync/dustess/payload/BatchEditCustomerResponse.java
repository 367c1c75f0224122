package com.example.contactsync.dustess.payload;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer of {@code batchEditCustomer}. {@code code} may be absent when
 * {@code success} is {@code true}; {@code 4126} marks a per-item (partial or total)
 * failure. {@code data} and either of its lists may be {@code null}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BatchEditCustomerResponse(@JsonProperty("success") Boolean success, @JsonProperty("code") Integer code,
		@JsonProperty("msg") String msg, @JsonProperty("data") Data data) {

	/** The per-item results. Either list may be {@code null}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Data(@JsonProperty("success") List<ItemResult> success, @JsonProperty("fail") List<ItemResult> fail) {
	}

	/**
	 * The result for one request entry. {@code index} is the entry's 1-based position in
	 * {@code customer_list}. A success may carry the contact id under {@code uuid}
	 * instead of {@code id}; a failure carries {@code ""} or {@code "0"}.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record ItemResult(@JsonProperty("code") Integer code, @JsonProperty("index") Integer index,
			@JsonProperty("id") String id, @JsonProperty("uuid") String uuid, @JsonProperty("msg") String msg) {

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

}
