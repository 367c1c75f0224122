package com.example.contactsync.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

import com.example.contactsync.support.MarkdownTables;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ExitCodes#ALL} is the one description of the exit codes: the help prints it, and
 * every document that lists them says the same, code for code and word for word (Markdown
 * quoting aside).
 */
class ExitCodesDocumentationTests {

	@Test
	void allWhenListedThenEveryExitCodeOnceInOrder() {
		assertThat(ExitCodes.ALL).extracting(ExitCodes.Described::code)
			.containsExactly(ExitCodes.OK, ExitCodes.RUN_FAILED, ExitCodes.USAGE, ExitCodes.TOO_MANY_FAILURES,
					ExitCodes.ALREADY_RUNNING);
	}

	@Test
	void helpWhenPrintedThenFooterListsEveryExitCodeBeforeTheSpringSettingsNote() {
		CommandLine commandLine = ContactSyncCommand.commandLine(null);
		String footer = String.join("\n", commandLine.getCommandSpec().usageMessage().footer());
		assertThat(listed(footer, "(?m)^  (\\d)  (.+)$")).containsExactlyElementsOf(expected());
		assertThat(footer).containsSubsequence("  4  ", "Spring settings may be given as --name.with.dot=value");
		assertThat(commandLine.getUsageMessage()).contains("Exit codes:").contains("  2  bad usage or configuration");
	}

	@Test
	void helpLinesWhenPrintedThenEachFitsTheHelpWidthUnwrapped() {
		assertThat(ExitCodes.helpLines())
			.allSatisfy((line) -> assertThat(line.length()).isLessThan(UsageMessageSpec.DEFAULT_USAGE_WIDTH));
		assertThat(ContactSyncCommand.commandLine(null).getUsageMessage()).contains(ExitCodes.helpLines());
	}

	@Test
	void readmeWhenExitCodesTableReadThenSameCodesAndMeanings() throws Exception {
		List<String> rows = new ArrayList<>();
		for (List<String> row : MarkdownTables.under(Files.readString(Path.of("README.md")), "## Exit codes")) {
			rows.add(row.get(0) + " " + plain(row.get(1)));
		}
		assertThat(rows).containsExactlyElementsOf(expected());
	}

	@Test
	void jobsReadmeWhenExitCodesListedThenSameCodesAndMeanings() throws Exception {
		assertThat(listed(Files.readString(Path.of("jobs/README.md")), "(?m)^- (\\d) (.+)$"))
			.containsExactlyElementsOf(expected());
	}

	@Test
	void cronWrapperWhenExitCodesListedThenSameCodesAndMeanings() throws Exception {
		assertThat(listed(Files.readString(Path.of("jobs/cron/contact-sync-nightly.sh")), "(?m)^#   (\\d)  (.+)$"))
			.containsExactlyElementsOf(expected());
	}

	private static List<String> expected() {
		return ExitCodes.ALL.stream().map((exit) -> exit.code() + " " + plain(exit.meaning())).toList();
	}

	private static List<String> listed(String text, String pattern) {
		List<String> listed = new ArrayList<>();
		Matcher matcher = Pattern.compile(pattern).matcher(text);
		while (matcher.find()) {
			listed.add(matcher.group(1) + " " + plain(matcher.group(2)));
		}
		return listed;
	}

	/**
	 * Without Markdown's or the help's quoting: {@code `recover`} and {@code 'recover'}
	 * read the same.
	 */
	private static String plain(String text) {
		return text.replaceAll("[`'*]", "").trim();
	}

}
