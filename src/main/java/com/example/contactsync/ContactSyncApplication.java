package com.example.contactsync;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import com.example.contactsync.cli.ContactSyncCli;
import com.example.contactsync.cli.GracefulShutdown;

/**
 * contact-sync: keeps the contacts in the Dustess SCRM in step with the company's
 * database. {@code java -jar contact-sync.jar run}; see {@code --help} and the README.
 */
@SpringBootApplication
public class ContactSyncApplication {

	public static void main(String[] args) {
		GracefulShutdown.install();
		GracefulShutdown.exit(ContactSyncCli.execute(args));
	}

}
