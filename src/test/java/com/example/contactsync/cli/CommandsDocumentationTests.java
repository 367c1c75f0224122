package com.example.contactsync.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.example.contactsync.support.MarkdownTables;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command tables of the README and of {@code src/docs/running.md} name every command
 * of the command line, in its order, and no other.
 */
class CommandsDocumentationTests {

	@Test
	void readmeWhenCommandTableReadThenEveryCommandInOrder() throws Exception {
		assertThat(commands(Path.of("README.md"), "## Commands")).containsExactlyElementsOf(expected());
	}

	@Test
	void runningDocWhenCommandTableReadThenEveryCommandInOrder() throws Exception {
		assertThat(commands(Path.of("src/docs/running.md"), "## Running it")).containsExactlyElementsOf(expected());
	}

	private static List<String> commands(Path document, String heading) throws Exception {
		return MarkdownTables.under(Files.readString(document), heading)
			.stream()
			.map((row) -> row.get(0).replace("`", "").split(" ")[0])
			.toList();
	}

	private static List<String> expected() {
		List<String> commands = ContactSyncCommand.commandLine(null)
			.getSubcommands()
			.keySet()
			.stream()
			.filter((name) -> !name.equals("help"))
			.toList();
		assertThat(commands).contains("run", "worker");
		return commands;
	}

}
