package com.example.contactsync.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import com.example.contactsync.sandbox.TestDustessSandbox;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the process tests check after runs: the changes and job executions in the
 * database, and what the sandbox received.
 */
public final class SyncedChanges {

	private final TestPostgres.Database database;

	private final TestDustessSandbox sandbox;

	public SyncedChanges(TestPostgres.Database database, TestDustessSandbox sandbox) {
		this.database = database;
		this.sandbox = sandbox;
	}

	/**
	 * Every one of the {@code changes} is SYNCED with one SUCCEEDED outcome, and no call
	 * recorded two outcomes for one change.
	 */
	public void assertEveryChangeSyncedOnce(int changes) throws SQLException {
		assertThat(countWhere("sync_state <> 'SYNCED'")).isZero();
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			var rs = statement.executeQuery(
					"""
							SELECT c.change_id,
							       (SELECT COUNT(*) FROM sync_outcome o WHERE o.change_id = c.change_id AND o.outcome = 'SUCCEEDED'),
							       (SELECT COUNT(*) - COUNT(DISTINCT o.call_id) FROM sync_outcome o WHERE o.change_id = c.change_id)
							  FROM contact_change c""");
			int rows = 0;
			while (rs.next()) {
				rows++;
				assertThat(rs.getInt(2)).as("SUCCEEDED outcomes of change %d", rs.getLong(1)).isEqualTo(1);
				assertThat(rs.getInt(3)).as("duplicate outcomes for one call of change %d", rs.getLong(1)).isZero();
			}
			assertThat(rows).isEqualTo(changes);
		}
	}

	/**
	 * {@link #assertEveryChangeSyncedOnce(int)}, and the sandbox received each change
	 * once.
	 */
	public void assertEveryChangeSentOnce(int changes) throws SQLException {
		assertEveryChangeSyncedOnce(changes);
		assertThat(timesSent().values()).hasSize(changes).containsOnly(1);
	}

	/** How many times the sandbox received each {@code external_id}. */
	public Map<String, Integer> timesSent() {
		Map<String, Integer> sent = new HashMap<>();
		for (List<JsonNode> call : this.sandbox.receivedCalls()) {
			for (JsonNode entry : call) {
				sent.merge(entry.get("external_id").asString(), 1, Integer::sum);
			}
		}
		return sent;
	}

	/** The {@code external_id}s the sandbox received more than once. */
	public List<String> sentTwice() {
		return timesSent().entrySet().stream().filter((e) -> e.getValue() > 1).map(Map.Entry::getKey).toList();
	}

	/**
	 * After a process that died was resumed: every one of the {@code changes} is synced
	 * once ({@link #assertEveryChangeSyncedOnce(int)}) and was sent once or twice;
	 * returns those of {@code earlierCalls} (the dead process's) that carried a change
	 * sent twice.
	 */
	public List<List<String>> assertSyncedOnceAndSentAtMostTwice(int changes, List<List<String>> earlierCalls)
			throws SQLException {
		assertEveryChangeSyncedOnce(changes);
		Map<String, Integer> sent = timesSent();
		assertThat(sent).hasSize(changes);
		assertThat(sent.values()).allSatisfy((times) -> assertThat(times).isBetween(1, 2));
		return sentAgain(earlierCalls);
	}

	/**
	 * Those of {@code calls} that carried a change the sandbox received more than once.
	 */
	public List<List<String>> sentAgain(List<List<String>> calls) {
		List<String> sentTwice = sentTwice();
		return calls.stream().filter((call) -> call.stream().anyMatch(sentTwice::contains)).toList();
	}

	/**
	 * Waits (30 s at the most) until the sandbox has answered (and so recorded) that many
	 * calls.
	 */
	public void awaitAnswered(int calls) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (this.sandbox.receivedCalls().size() < calls && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
	}

	/**
	 * The settings of the process tests' commands: this database, the sandbox with
	 * {@code token}, chunks of two in three partitions, no retries.
	 */
	public List<String> settings(String token) {
		return List.of("--spring.datasource.url=" + this.database.url(),
				"--spring.datasource.username=" + this.database.user(),
				"--spring.datasource.password=" + this.database.password(),
				"--dustess.base-url=" + this.sandbox.baseUrl(), "--dustess.access-token=" + token,
				"--contact-sync.chunk-size=2", "--contact-sync.concurrency=3", "--dustess.retry.max-attempts=1");
	}

	/** The {@code external_id}s of each call the sandbox answered, in order. */
	public List<List<String>> sentCalls() {
		return this.sandbox.receivedCalls()
			.stream()
			.map((call) -> call.stream().map((entry) -> entry.get("external_id").asString()).toList())
			.toList();
	}

	/** The status of each job execution, oldest first. */
	public List<String> executionStatuses() throws SQLException {
		return strings("SELECT status FROM batch_job_execution ORDER BY job_execution_id");
	}

	/** The first column of each row of a query. */
	public List<String> strings(String sql) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			var rs = statement.executeQuery(sql);
			while (rs.next()) {
				values.add(rs.getString(1));
			}
		}
		return values;
	}

	/** How many changes meet a condition. */
	public int countWhere(String condition) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			var rs = statement.executeQuery("SELECT COUNT(*) FROM contact_change WHERE " + condition);
			rs.next();
			return rs.getInt(1);
		}
	}

	/**
	 * Inserts {@code count} pending changes, external ids {@code crm-1} to
	 * {@code crm-<count>}, as {@link #assertEveryChangeSyncedOnce} expects them.
	 */
	public void insertPending(int count) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			for (int i = 1; i <= count; i++) {
				statement
					.execute("INSERT INTO contact_change (external_id, remark) VALUES ('crm-" + i + "', 'n" + i + "')");
			}
		}
	}

	public Connection connect() throws SQLException {
		return DriverManager.getConnection(this.database.url(), this.database.user(), this.database.password());
	}

}
