package com.example.contactsync.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.contactsync.change.ContactChangeRowMapper;
import com.example.contactsync.dustess.DustessClient;

/**
 * The yardstick of {@link SyncBenchmark}: the least a program must do to sync the backlog
 * the way the job does, written by hand with plain JDBC and {@code java.net.http}, run as
 * a process of its own so that it is timed like the job. Per page of {@code chunkSize}
 * pending changes (keyset on {@code change_id}, the same columns the job reads): build
 * the {@code customer_list} JSON, one {@code batchEditCustomer} call, read the per-item
 * results by index, one JDBC batch of {@code sync_outcome} rows, one JDBC batch moving
 * the changes to {@code SYNCED}, commit. No validation, no merge, no bookkeeping, no
 * retries: every item must succeed, or it stops with an exception.
 * <p>
 * Arguments: JDBC URL, user, password, API base URL, access token, chunk size, the most
 * pages to sync, the most seconds to take. Prints one line, {@code bare-loop pages=P
 * changes=C seconds=S (...)}, where S is the time of the loop itself (without the JVM's
 * start), and the parentheses say where it went.
 */
public final class BareLoop {

	private static final String SELECT = "SELECT " + ContactChangeRowMapper.COLUMNS
			+ " FROM contact_change WHERE sync_state = 'PENDING' AND change_id > ? ORDER BY change_id LIMIT ?";

	private static final String INSERT_OUTCOME = """
			INSERT INTO sync_outcome (job_execution_id, change_id, call_id, request_index, outcome, code, msg, contact_id)
			VALUES (0, ?, ?, ?, 'SUCCEEDED', ?, NULL, ?)""";

	private static final String MARK_SYNCED = """
			UPDATE contact_change
			   SET sync_state = 'SYNCED', last_code = ?, last_message = NULL, attempts = attempts + 1,
			       synced_at = CURRENT_TIMESTAMP, attempted_at = CURRENT_TIMESTAMP
			 WHERE change_id = ? AND sync_state = 'PENDING'""";

	/** Columns sent as JSON as they are stored (jsonb). */
	private static final Set<String> JSON_COLUMNS = Set.of("mobiles", "custom_fields", "tags", "share_uids");

	private BareLoop() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 8) {
			throw new IllegalArgumentException(
					"usage: BareLoop jdbcUrl user password baseUrl accessToken chunkSize maxPages maxSeconds");
		}
		int chunkSize = Integer.parseInt(args[5]);
		long maxPages = Long.parseLong(args[6]);
		long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[7])).toNanos();
		URI endpoint = URI.create(args[3] + DustessClient.BATCH_EDIT_CUSTOMER_PATH + "?accessToken=" + args[4]);
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		JsonMapper json = JsonMapper.builder().build();
		long start = System.nanoTime();
		long pages = 0;
		long changes = 0;
		// where the loop's time goes: reading and building the body, the call, the two
		// batches, the commit
		long[] phases = new long[5];
		try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2])) {
			connection.setAutoCommit(false);
			try (PreparedStatement select = connection.prepareStatement(SELECT);
					PreparedStatement insert = connection.prepareStatement(INSERT_OUTCOME);
					PreparedStatement update = connection.prepareStatement(MARK_SYNCED)) {
				long lastChangeId = 0;
				while (pages < maxPages) {
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("The bare loop ran out of time after " + pages + " pages");
					}
					long t0 = System.nanoTime();
					List<Long> changeIds = new ArrayList<>(chunkSize);
					String body = page(select, lastChangeId, chunkSize, changeIds);
					long t1 = System.nanoTime();
					phases[0] += t1 - t0;
					if (changeIds.isEmpty()) {
						break;
					}
					HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(endpoint)
						.timeout(Duration.ofSeconds(60))
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(), HttpResponse.BodyHandlers.ofByteArray());
					if (response.statusCode() != 200) {
						throw new IllegalStateException("HTTP " + response.statusCode());
					}
					Map<Integer, Result> results = results(json.readTree(response.body()), changeIds.size());
					long t2 = System.nanoTime();
					phases[1] += t2 - t1;
					String callId = UUID.randomUUID().toString();
					for (int i = 0; i < changeIds.size(); i++) {
						Result result = results.get(i + 1);
						insert.setLong(1, changeIds.get(i));
						insert.setString(2, callId);
						insert.setInt(3, i + 1);
						insert.setInt(4, result.code());
						insert.setString(5, result.contactId());
						insert.addBatch();
						update.setInt(1, result.code());
						update.setLong(2, changeIds.get(i));
						update.addBatch();
					}
					insert.executeBatch();
					long t3 = System.nanoTime();
					phases[2] += t3 - t2;
					int[] updated = update.executeBatch();
					long t4 = System.nanoTime();
					phases[3] += t4 - t3;
					for (int count : updated) {
						if (count != 1 && count != java.sql.Statement.SUCCESS_NO_INFO) {
							throw new IllegalStateException("A change was not PENDING any more");
						}
					}
					connection.commit();
					phases[4] += System.nanoTime() - t4;
					lastChangeId = changeIds.get(changeIds.size() - 1);
					pages++;
					changes += changeIds.size();
				}
			}
		}
		System.out.printf(Locale.ROOT,
				"bare-loop pages=%d changes=%d seconds=%.3f (read+build %.1f s, call %.1f s, insert %.1f s, "
						+ "update %.1f s, commit %.1f s)%n",
				pages, changes, (System.nanoTime() - start) / 1e9, phases[0] / 1e9, phases[1] / 1e9, phases[2] / 1e9,
				phases[3] / 1e9, phases[4] / 1e9);
	}

	/** Reads one page into {@code changeIds} and returns the request body for it. */
	private static String page(PreparedStatement select, long after, int chunkSize, List<Long> changeIds)
			throws SQLException {
		select.setLong(1, after);
		select.setInt(2, chunkSize);
		StringBuilder body = new StringBuilder(512 * chunkSize);
		body.append("{\"customer_list\":[");
		try (ResultSet rs = select.executeQuery()) {
			ResultSetMetaData meta = rs.getMetaData();
			int columns = meta.getColumnCount();
			while (rs.next()) {
				if (!changeIds.isEmpty()) {
					body.append(',');
				}
				changeIds.add(rs.getLong(1));
				body.append('{');
				boolean first = true;
				for (int column = 2; column <= columns; column++) {
					String value = rs.getString(column);
					if (value == null) {
						continue;
					}
					String name = meta.getColumnLabel(column);
					if (!first) {
						body.append(',');
					}
					first = false;
					body.append('"').append(name.equals("customer_id") ? "id" : name).append("\":");
					int type = meta.getColumnType(column);
					if (JSON_COLUMNS.contains(name) || type == Types.SMALLINT || type == Types.INTEGER) {
						body.append(value);
					}
					else {
						quote(body, value);
					}
				}
				body.append('}');
			}
		}
		return body.append("]}").toString();
	}

	private static void quote(StringBuilder out, String value) {
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

	/** Each entry's result by 1-based index; every one of them must have succeeded. */
	private static Map<Integer, Result> results(JsonNode answer, int size) {
		JsonNode success = answer.path("data").path("success");
		Map<Integer, Result> results = new HashMap<>();
		for (JsonNode item : success) {
			JsonNode id = item.hasNonNull("id") ? item.get("id") : item.path("uuid");
			results.put(item.path("index").asInt(), new Result(item.path("code").asInt(), id.asString()));
		}
		for (int index = 1; index <= size; index++) {
			if (!results.containsKey(index)) {
				throw new IllegalStateException("No success for index " + index + " in " + answer);
			}
		}
		return results;
	}

	private record Result(int code, String contactId) {
	}

}
