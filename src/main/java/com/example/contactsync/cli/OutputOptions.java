package com.example.contactsync.cli;

import picocli.CommandLine.Option;

/**
 * {@code --json}: machine-readable output instead of aligned tables.
 */
class OutputOptions {

	@Option(names = "--json", description = "Print JSON instead of a table.")
	boolean json;

}
