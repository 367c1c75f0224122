package com.example.contactsync.system;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The name of the machine this process runs on, as the rows of the runners and workers
 * carry it.
 */
public final class Hosts {

	private Hosts() {
	}

	/** This machine's host name; {@code unknown-host} when it cannot be told. */
	public static String localName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown-host";
		}
	}

}
