package com.example.contactsync.console;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The ops console's settings ({@code contact-sync.console.*}).
 *
 * @param users who may log in, by user name: the console is off while there is none
 * @param sessionTimeout how long a logged-in session lasts without a request
 */
@ConfigurationProperties("contact-sync.console")
public record ConsoleProperties(@DefaultValue Map<String, User> users, @DefaultValue("15m") Duration sessionTimeout) {

	/**
	 * One user of the console.
	 *
	 * @param password the password's hash with its encoding: {@code {bcrypt}$2a$10$...}
	 * ({@code {noop}secret} is accepted, for tests and the sandbox)
	 * @param role {@code viewer} sees every page, {@code operator} also acts
	 */
	public record User(String password, @DefaultValue("viewer") Role role) {
	}

	/** What a user may do. */
	public enum Role {

		/** Sees every page. */
		VIEWER,

		/** Sees every page and acts: stop, restart, recover, requeue. */
		OPERATOR

	}

}
