package com.example.contactsync.logging;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes secrets from text that may end up in a log line, an exception message or a
 * table: the value of every {@code accessToken=} query parameter, of every
 * {@code "accessToken"} and {@code "clientSecret"} JSON property, and every secret value
 * the application knows of (the configured token and client secret, and each token
 * fetched with them; see {@link #register}).
 * <p>
 * The log pipeline applies it to every line, whatever logger emits it (the JDK's HTTP
 * client at DEBUG prints request URLs, token included), so no log level prints a secret.
 */
public final class Secrets {

	/** Secrets shorter than this are not replaced (they would mask unrelated text). */
	static final int MIN_LENGTH = 4;

	/** The most secret values remembered; the oldest are forgotten first. */
	static final int MAX_REMEMBERED = 256;

	private static final Pattern TOKEN_PARAMETER = Pattern.compile("(?i)(accessToken=)[^&\\s\"'<>]*");

	private static final Pattern JSON_SECRET = Pattern
		.compile("(?i)(\"(?:accessToken|access_token|clientSecret|client_secret)\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*");

	private static final LinkedHashSet<String> known = new LinkedHashSet<>();

	private static volatile List<String> knownSnapshot = List.of();

	private Secrets() {
	}

	/**
	 * Remembers a secret value so that {@link #redact} replaces it wherever it appears.
	 * Blank values and values shorter than {@value #MIN_LENGTH} characters are ignored.
	 */
	public static void register(String secret) {
		if (secret == null || secret.isBlank() || secret.length() < MIN_LENGTH) {
			return;
		}
		synchronized (known) {
			known.remove(secret);
			known.add(secret);
			while (known.size() > MAX_REMEMBERED) {
				known.remove(known.iterator().next());
			}
			// longest first, so that a secret containing another is replaced whole
			List<String> snapshot = new ArrayList<>(known);
			snapshot.sort((a, b) -> b.length() - a.length());
			knownSnapshot = List.copyOf(snapshot);
		}
	}

	/**
	 * Returns {@code text} with every {@code accessToken=...} query parameter value,
	 * every secret JSON property value, every registered secret and every occurrence of
	 * the given secrets replaced by {@code ***}.
	 */
	public static String redact(String text, String... secrets) {
		if (text == null || text.isEmpty()) {
			return text;
		}
		String result = text;
		for (String secret : knownSnapshot) {
			result = result.replace(secret, "***");
		}
		for (String secret : secrets) {
			if (secret != null && secret.length() >= MIN_LENGTH) {
				result = result.replace(secret, "***");
			}
		}
		result = TOKEN_PARAMETER.matcher(result).replaceAll("$1***");
		return JSON_SECRET.matcher(result).replaceAll("$1***");
	}

}
