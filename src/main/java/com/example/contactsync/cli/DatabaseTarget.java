package com.example.contactsync.cli;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

import com.example.contactsync.job.FailureDescriptions;

/**
 * The database the application is set to use ({@code spring.datasource.url}, read as the
 * environment is prepared), so that a start-up that cannot reach it says which one: its
 * host and database, never the URL's parameters (a password may be among them) nor the
 * user's.
 */
final class DatabaseTarget implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	private static final Pattern NETWORK_URL = Pattern.compile("jdbc:([a-z0-9]+)://(?:[^/@]*@)?([^/?;]*)/?([^?;]*).*");

	private volatile String url;

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		this.url = event.getEnvironment().getProperty("spring.datasource.url");
	}

	/**
	 * The failure as the operator should read it: when the database could not be reached,
	 * a {@link DatabaseUnreachableException} naming it; else the failure itself.
	 */
	RuntimeException explain(RuntimeException failure) {
		return isUnreachable(failure) ? new DatabaseUnreachableException(
				"The database cannot be reached (" + describe(this.url) + "): " + reason(failure)
						+ ". Check that it is up and that spring.datasource.url (SPRING_DATASOURCE_URL) names it; "
						+ "nothing was sent — run the same command again once it answers.",
				failure) : failure;
	}

	private static String reason(Throwable failure) {
		return FailureDescriptions.causes(failure)
			.stream()
			.filter(DatabaseTarget::isUnreachableCause)
			.findFirst()
			.map(Throwable::getMessage)
			.orElse(failure.getMessage());
	}

	private static boolean isUnreachableCause(Throwable cause) {
		return (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08"))
				|| cause instanceof ConnectException || cause instanceof UnknownHostException;
	}

	/**
	 * Whether a failure is that of reaching the database: SQLSTATE class 08 (connection
	 * exception), a refused connection or an unknown host.
	 */
	static boolean isUnreachable(Throwable failure) {
		return FailureDescriptions.causes(failure).stream().anyMatch(DatabaseTarget::isUnreachableCause);
	}

	/**
	 * {@code host db.example.com:5432, database contact_sync} for a network URL; the URL
	 * up to its first parameter otherwise (an H2 file).
	 */
	static String describe(String url) {
		if (url == null || url.isBlank()) {
			return "spring.datasource.url is not set";
		}
		Matcher matcher = NETWORK_URL.matcher(url);
		if (matcher.matches()) {
			return matcher.group(1) + " host " + matcher.group(2) + ", database "
					+ (matcher.group(3).isEmpty() ? "(default)" : matcher.group(3));
		}
		int end = url.length();
		for (char separator : new char[] { ';', '?' }) {
			int at = url.indexOf(separator);
			if (at >= 0) {
				end = Math.min(end, at);
			}
		}
		return "database " + url.substring(0, end);
	}

	/** The database could not be reached; the message names it. */
	static final class DatabaseUnreachableException extends RuntimeException {

		DatabaseUnreachableException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
