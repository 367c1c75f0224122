package com.example.contactsync.job;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * A JSON value inside a list column of a change, with its path for error messages: the
 * checks of {@link CustomerEntryFactory} on the values of {@code mobiles},
 * {@code custom_fields}, {@code tags} and {@code share_uids}.
 */
record JsonElement(String path, JsonNode node) {

	void requireObject(Set<String> allowed) {
		if (!this.node.isObject()) {
			throw new InvalidChangeException(this.path + " must be a JSON object, was " + kind(this.node));
		}
		for (String name : this.node.propertyNames()) {
			if (!allowed.contains(name)) {
				throw new InvalidChangeException(this.path + " has the unknown field '" + name + "'");
			}
		}
	}

	boolean has(String field) {
		return this.node.has(field) && !this.node.get(field).isNull();
	}

	JsonElement child(String field) {
		return new JsonElement(this.path + "." + field, this.node.get(field));
	}

	String requiredText(String field) {
		String value = optionalText(field);
		if (value == null) {
			throw new InvalidChangeException(this.path + "." + field + " is required");
		}
		return value;
	}

	String optionalText(String field) {
		JsonNode value = this.node.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw new InvalidChangeException(this.path + "." + field + " must be a string, was " + kind(value));
		}
		CustomerEntryFactory.checkNoControlCharacters(this.path + "." + field, value.asString());
		return value.asString();
	}

	/**
	 * A Float64. The database may hold numbers far outside its range (PostgreSQL's jsonb
	 * keeps {@code 1e400} as a 401-digit integer); such a value is refused without being
	 * printed.
	 */
	Double number(String field) {
		JsonNode value = this.node.get(field);
		if (!value.isNumber()) {
			throw new InvalidChangeException(this.path + "." + field + " must be a number, was " + kind(value));
		}
		Number exact = value.numberValue();
		// BigInteger and BigDecimal give an infinity or 0.0 when out of range; they
		// never throw
		double number = exact.doubleValue();
		boolean underflow = number == 0 && (exact instanceof BigDecimal decimal && decimal.signum() != 0);
		if (!Double.isFinite(number) || underflow) {
			throw new InvalidChangeException(
					this.path + "." + field + " cannot be sent as a Float64: it is too large or too small");
		}
		return number;
	}

	String asId() {
		if (!this.node.isString() || this.node.asString().isBlank()) {
			throw new InvalidChangeException(this.path + " must be a non-empty string, was " + kind(this.node));
		}
		CustomerEntryFactory.checkNoControlCharacters(this.path, this.node.asString());
		return this.node.asString();
	}

	List<String> asIdList() {
		if (!this.node.isArray()) {
			throw new InvalidChangeException(this.path + " must be a JSON array, was " + kind(this.node));
		}
		List<String> values = new ArrayList<>();
		for (int i = 0; i < this.node.size(); i++) {
			values.add(new JsonElement(this.path + "[" + i + "]", this.node.get(i)).asId());
		}
		return values;
	}

	static String kind(JsonNode node) {
		return (node == null || node.isMissingNode()) ? "empty" : node.getNodeType().name().toLowerCase();
	}

}
