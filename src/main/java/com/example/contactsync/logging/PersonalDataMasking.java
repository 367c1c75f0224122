package com.example.contactsync.logging;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
