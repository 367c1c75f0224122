package com.example.contactsync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link of the README, the manual in {@code src/docs/} and
 * {@code jobs/README.md} leads somewhere: to a file that exists and, with a
 * {@code #anchor}, to a heading of that file, as GitHub names headings.
 */
class DocumentationLinksTests {

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

	private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

	private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.+?)(?: +#+)?\\s*$");

	@Test
	void linksWhenFollowedThenEachLeadsToAFileAndHeadingThatExist() throws Exception {
		int checked = 0;
		List<String> broken = new ArrayList<>();
		for (Path document : documents()) {
			for (String target : links(Files.readString(document))) {
				if (SCHEME.matcher(target).find()) {
					continue;
				}
				int hash = target.indexOf('#');
				String file = (hash < 0) ? target : target.substring(0, hash);
				Path linked = file.isEmpty() ? document : document.resolveSibling(file).normalize();
				if (!Files.exists(linked)) {
					broken.add(document + ": " + target + " (no file " + linked + ")");
				}
				else if (hash >= 0 && !anchors(Files.readString(linked)).contains(target.substring(hash + 1))) {
					broken.add(document + ": " + target + " (no such heading in " + linked + ")");
				}
				checked++;
			}
		}
		assertThat(broken).as("broken links").isEmpty();
		assertThat(checked).isGreaterThan(30);
	}

	@Test
	void anchorsWhenHeadingsReadThenNamedAsGitHubNamesThem() {
		assertThat(anchors("""
				# contact-sync
				## Input: `contact_change`
				### Faster start (AppCDS) and the JVM options
				## Scheduling it: `jobs/`
				```bash
				# a comment in a code block
				```
				## Restart
				## Restart
				""")).containsExactly("contact-sync", "input-contact_change", "faster-start-appcds-and-the-jvm-options",
				"scheduling-it-jobs", "restart", "restart-1");
	}

	@Test
	void linksWhenInCodeThenNotLinks() {
		assertThat(links("""
				See [Settings](running.md#settings), `[not](a-link.md)`.
				```
				[nor](this.md)
				```
				""")).containsExactly("running.md#settings");
	}

	private static List<Path> documents() throws Exception {
		List<Path> documents = new ArrayList<>(List.of(Path.of("README.md"), Path.of("jobs/README.md")));
		try (Stream<Path> manual = Files.list(Path.of("src/docs"))) {
			manual.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
		}
		assertThat(documents).contains(Path.of("src/docs/running.md"));
		return documents;
	}

	/** The targets of the document's inline links, outside code. */
	static List<String> links(String markdown) {
		List<String> links = new ArrayList<>();
		for (String line : prose(markdown)) {
			Matcher matcher = LINK.matcher(line.replaceAll("`[^`]*`", ""));
			while (matcher.find()) {
				links.add(matcher.group(1));
			}
		}
		return links;
	}

	/**
	 * The anchors GitHub gives the document's headings: lower case, punctuation but '-'
	 * and '_' dropped, each space a '-'; a repeated one gets "-1", "-2", ...
	 */
	static List<String> anchors(String markdown) {
		List<String> anchors = new ArrayList<>();
		Map<String, Integer> seen = new HashMap<>();
		for (String line : prose(markdown)) {
			Matcher heading = HEADING.matcher(line);
			if (heading.matches()) {
				String anchor = heading.group(1)
					.strip()
					.toLowerCase(Locale.ROOT)
					.replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "")
					.replace(' ', '-');
				int times = seen.merge(anchor, 1, Integer::sum);
				anchors.add((times == 1) ? anchor : anchor + "-" + (times - 1));
			}
		}
		return anchors;
	}

	/** The document's lines outside fenced code blocks. */
	private static List<String> prose(String markdown) {
		List<String> prose = new ArrayList<>();
		boolean fenced = false;
		for (String line : markdown.lines().toList()) {
			if (line.strip().startsWith("```")) {
				fenced = !fenced;
			}
			else if (!fenced) {
				prose.add(line);
			}
		}
		return prose;
	}

}
