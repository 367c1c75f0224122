package com.example.contactsync.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the tables of a Markdown document, such as the README, for tests that check it
 * against the code.
 */
public final class MarkdownTables {

	private MarkdownTables() {
	}

	/**
	 * The body rows of the first table after the line {@code heading} (for example
	 * {@code "### Settings"}), each as its trimmed cells.
	 * @throws IllegalArgumentException if there is no such heading
	 */
	public static List<List<String>> under(String markdown, String heading) {
		List<String> lines = markdown.lines().toList();
		int at = lines.indexOf(heading);
		if (at < 0) {
			throw new IllegalArgumentException("No line '" + heading + "'");
		}
		List<List<String>> rows = new ArrayList<>();
		boolean inTable = false;
		for (String line : lines.subList(at + 1, lines.size())) {
			if (!line.startsWith("|")) {
				if (inTable) {
					break;
				}
				continue;
			}
			if (inTable && !line.startsWith("|---")) {
				rows.add(cells(line));
			}
			inTable = true;
		}
		return rows;
	}

	private static List<String> cells(String line) {
		String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
		return Arrays.stream(inner.split("\\|", -1)).map(String::trim).toList();
	}

}
