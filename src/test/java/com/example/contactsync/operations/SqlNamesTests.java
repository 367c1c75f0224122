package com.example.contactsync.operations;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.example.contactsync.job.ContactSyncJobConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names that the SQL under {@code sql/} shares with the Java code are those of the
 * Java constants: the job's name, its run-date parameter and its manager step's name
 * (read by the ops views from Spring Batch's tables) and the lock row (inserted by the
 * migrations, locked by {@link RunLock}).
 */
class SqlNamesTests {

	@ParameterizedTest(name = "{0}")
	@MethodSource("namesInSql")
	void sqlWhenFilteringOnANameThenUsesTheJavaConstant(String filter, String pattern, String constant)
			throws Exception {
		assertThat(quoted(pattern)).isNotEmpty().containsOnly(constant);
	}

	static Stream<Arguments> namesInSql() {
		return Stream.of(Arguments.of("job name", "job_name\\s*=\\s*'([^']*)'", ContactSyncJobConfiguration.JOB_NAME),
				Arguments.of("job parameter: the run date", "parameter_name\\s*=\\s*'([^']*)'",
						ContactSyncJobConfiguration.RUN_DATE_PARAMETER),
				Arguments.of("step name: the partition step", "step_name\\s+LIKE\\s*'([^':]*):%'",
						ContactSyncJobConfiguration.PARTITION_STEP_NAME));
	}

	@Test
	void migrationsWhenInsertingLockRowThenOneRowPerDatabaseNamedAsRunLock() throws Exception {
		for (String database : List.of("h2", "postgresql")) {
			String migration = Files.readString(Path.of("sql/schema", database, "V2__contact_sync_tables.sql"));
			assertThat(matches(migration, "INSERT INTO contact_sync_lock \\(lock_name\\) VALUES \\('([^']*)'\\)"))
				.as(database)
				.containsExactly(RunLock.LOCK_NAME);
		}
	}

	/**
	 * The first group of each match of {@code pattern} in every SQL file under
	 * {@code sql/}.
	 */
	private static List<String> quoted(String pattern) throws Exception {
		List<String> found = new ArrayList<>();
		try (Stream<Path> files = Files.walk(Path.of("sql"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".sql")).toList()) {
				found.addAll(matches(Files.readString(file), pattern));
			}
		}
		return found;
	}

	private static List<String> matches(String text, String pattern) {
		List<String> found = new ArrayList<>();
		Matcher matcher = Pattern.compile(pattern, Pattern.CASE_INSENSITIVE).matcher(text);
		while (matcher.find()) {
			found.add(matcher.group(1));
		}
		return found;
	}

}
