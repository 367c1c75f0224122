package com.example.contactsync.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import com.example.contactsync.system.InvalidConfigurationException;

/**
 * The console's users from the settings: each with a password hash that names its
 * encoding ({@code {bcrypt}}, or {@code {noop}} for tests), and the authority of its role
 * ({@code ROLE_VIEWER}, or {@code ROLE_OPERATOR} which also has {@code ROLE_VIEWER}).
 */
final class ConsoleUsers {

	static final String VIEWER = "VIEWER";

	static final String OPERATOR = "OPERATOR";

	private ConsoleUsers() {
	}

	/**
	 * @throws InvalidConfigurationException (exit 2) for a user without a password, or
	 * with one that does not say {@code {bcrypt}} or {@code {noop}}
	 */
	static InMemoryUserDetailsManager of(Map<String, ConsoleProperties.User> users) {
		List<UserDetails> details = new ArrayList<>();
		users.forEach((name, user) -> {
			String password = user.password();
			if (password == null || !(password.startsWith("{bcrypt}") || password.startsWith("{noop}"))) {
				throw new InvalidConfigurationException("contact-sync.console.users." + name
						+ ".password must be a {bcrypt} hash (or {noop}password, for tests)");
			}
			String[] roles = (user.role() == ConsoleProperties.Role.OPERATOR) ? new String[] { VIEWER, OPERATOR }
					: new String[] { VIEWER };
			details.add(User.withUsername(name).password(password).roles(roles).build());
		});
		// Spring Security's default encoder reads the {bcrypt} or {noop} in front
		return new InMemoryUserDetailsManager(details);
	}

}
