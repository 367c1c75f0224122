package com.example.contactsync.cli;

import java.io.PrintWriter;

/**
 * The command line for tests of other packages: runs a command in this JVM with its
 * output (and errors) to {@code out}.
 */
public final class ContactSyncCliAccess {

	private ContactSyncCliAccess() {
	}

	public static int execute(PrintWriter out, String... args) {
		return ContactSyncCli.execute(out, out, args);
	}

	public static int execute(PrintWriter out, PrintWriter err, String... args) {
		return ContactSyncCli.execute(out, err, args);
	}

}
