package com.example.contactsync.dustess;

import java.util.regex.Pattern;

/**
 * Removes secrets from text that may end up in a log line, an exception message or a table.
 */
public final class Secrets {

	private static final Pattern TOKEN_PARAMETER = Pattern.compile("(?i)(accessToken=)[^&\\s\"']*");

	private Secrets() {
	}

	/**
	 * Returns {@code text} with every {@code accessToken=...} query parameter value and every
	 * occurrence of the given secrets replaced by {@code ***}.
	 */
	public static String redact(String text, String... secrets) {
		if (text == null) {
			return null;
		}
		String result = TOKEN_PARAMETER.matcher(text).replaceAll("$1***");
		for (String secret : secrets) {
			if (secret != null && secret.length() >= 4) {
				result = result.replace(secret, "***");
			}
		}
		return result;
	}

}
