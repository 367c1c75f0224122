package com.example.contactsync.logging;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Masks personal data in text bound for a log: mobile and landline numbers, ID card
 * numbers, e-mail addresses and WeChat ids. Numbers keep their last four characters at
 * most, e-mail addresses and WeChat ids nothing.
 * <p>
 * contact-sync's own log lines name columns, never their values; this catches what other
 * code writes, such as a database error that quotes the failing row.
 */
public final class PersonalDataMasking {

	private static final int KEEP = 4;

	private static final List<Pattern> NUMBERS = List.of(
			// ID card: 17 digits and a digit or X, or the old 15 digits
			Pattern.compile("(?<![\\dA-Za-z])(\\d{17}[\\dXx]|\\d{15})(?![\\dA-Za-z])"),
			// mobile, optionally with +86 / 0086, optionally grouped
			Pattern
				.compile("(?<![\\dA-Za-z])((?:\\+?86[ -]?|0086[ -]?)?1[3-9]\\d[ -]?\\d{4}[ -]?\\d{4})(?![\\dA-Za-z])"),
			// international numbers written with a leading +
			Pattern.compile("(?<![\\dA-Za-z])(\\+\\d[\\d -]{6,18}\\d)(?![\\dA-Za-z])"),
			// landline with area code
			Pattern.compile("(?<![\\dA-Za-z])(0\\d{2,3}-\\d{7,8})(?![\\dA-Za-z])"));

	private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

	private static final Pattern WECHAT = Pattern.compile("(?<![A-Za-z0-9_])wxid_[A-Za-z0-9_-]+");

	private PersonalDataMasking() {
	}

	/**
	 * What leaves the process in a log line, on the console or in a table: secrets
	 * removed ({@link Secrets#redact}) and personal data masked.
	 */
	public static String maskForOutput(String text) {
		return mask(Secrets.redact(text));
	}

	public static String mask(String text) {
		if (text == null || text.isEmpty()) {
			return text;
		}
		String result = EMAIL.matcher(text).replaceAll("***@***");
		result = WECHAT.matcher(result).replaceAll("wxid_***");
		for (Pattern pattern : NUMBERS) {
			result = maskKeepingTail(pattern, result);
		}
		return result;
	}

	/**
	 * A copy of a JSON document with every string value masked but its last characters
	 * ({@link #maskAllButTail}), except the values of the fields named in
	 * {@code notPersonal} (ids and codes), shown as they are; the strings of an array are
	 * masked unless the array is such a field's value.
	 */
	public static JsonNode maskValues(JsonNode document, Set<String> notPersonal) {
		JsonNode copy = document.deepCopy();
		maskValues(copy, false, notPersonal);
		return copy;
	}

	private static void maskValues(JsonNode node, boolean personal, Set<String> notPersonal) {
		if (node instanceof ObjectNode object) {
			for (String field : List.copyOf(object.propertyNames())) {
				JsonNode value = object.get(field);
				if (value.isString()) {
					if (!notPersonal.contains(field)) {
						object.put(field, maskAllButTail(value.asString()));
					}
				}
				else {
					maskValues(value, !notPersonal.contains(field), notPersonal);
				}
			}
		}
		else if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				JsonNode value = array.get(i);
				if (value.isString() && personal) {
					array.set(i, JsonNodeFactory.instance.stringNode(maskAllButTail(value.asString())));
				}
				else {
					maskValues(value, personal, notPersonal);
				}
			}
		}
	}

	/**
	 * All but the last characters: two of a long value, one of a short one, none of a
	 * name of two.
	 */
	public static String maskAllButTail(String text) {
		int keep = Math.min(2, text.length() / 3);
		return "*".repeat(text.length() - keep) + text.substring(text.length() - keep);
	}

	private static String maskKeepingTail(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			String value = matcher.group(1);
			String tail = value.substring(Math.max(0, value.length() - KEEP));
			matcher.appendReplacement(result,
					Matcher.quoteReplacement("*".repeat(value.length() - tail.length()) + tail));
		}
		matcher.appendTail(result);
		return result.toString();
	}

}
