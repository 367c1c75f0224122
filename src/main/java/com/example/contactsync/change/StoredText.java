package com.example.contactsync.change;

import com.example.contactsync.logging.PersonalDataMasking;

/**
 * Makes text that came from outside (an API answer, an exception) storable in a column:
 * control characters and broken surrogate pairs replaced (PostgreSQL's text cannot hold
 * U+0000), cut to the column's length with a trailing "…". Whatever an answer holds,
 * recording it never fails the chunk's transaction.
 */
final class StoredText {

	/** The length of {@code sync_outcome.msg} and {@code contact_change.last_message}. */
	public static final int MESSAGE_LENGTH = 2000;

	/** The length of {@code sync_outcome.contact_id}. */
	public static final int CONTACT_ID_LENGTH = 64;

	private static final char REPLACEMENT = '\uFFFD';

	private StoredText() {
	}

	/**
	 * A message to store: secrets removed and personal data masked, then made storable
	 * within {@link #MESSAGE_LENGTH}.
	 */
	public static String message(String text) {
		return fit(PersonalDataMasking.maskForOutput(text), MESSAGE_LENGTH);
	}

	/**
	 * {@code text} with control characters (but tab, line feed and carriage return) and
	 * unpaired surrogates replaced by U+FFFD, cut to at most {@code maxLength} UTF-16
	 * units ending in "…" when longer; {@code null} stays {@code null}.
	 */
	public static String fit(String text, int maxLength) {
		if (text == null) {
			return null;
		}
		StringBuilder result = new StringBuilder(Math.min(text.length(), maxLength));
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				result.append(c).append(text.charAt(++i));
			}
			else if (Character.isSurrogate(c) || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
				result.append(REPLACEMENT);
			}
			else {
				result.append(c);
			}
		}
		if (result.length() <= maxLength) {
			return result.toString();
		}
		// counted in UTF-16 units, the stricter of the two databases' measures, and never
		// splitting a surrogate pair
		int end = maxLength - 1;
		if (Character.isHighSurrogate(result.charAt(end - 1))) {
			end--;
		}
		return result.substring(0, end) + "…";
	}

}
