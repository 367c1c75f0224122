package com.example.contactsync.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import com.example.contactsync.dustess.DustessClient;

/**
 * A small stand-in for the Dustess open API on a loopback port, for the demo. It follows
 * the API document: one {@code batchEditCustomer} answer per call with per-item results
 * by 1-based {@code index}, {@code success: true} when every entry succeeded, else
 * {@code success: false} with code 4126. To exercise the document's quirks it returns the
 * success list in reverse order, and every second success carries the contact id under
 * {@code uuid} instead of {@code id}.
 * <p>
 * Entries fail deterministically:
 * <ul>
 * <li>13000 "id or external_id is required" when both are missing or empty;</li>
 * <li>13001 "customer not found" when {@code id} is not a UUID (the sandbox knows every
 * UUID);</li>
 * <li>13000 "invalid mobile" when a mobile of type {@code mobile} is not 6 to 20 digits
 * (an optional leading +).</li>
 * </ul>
 * A wrong access token gets {@code success: false} with code 40001 and no per-item data.
 * The tests extend it (in {@code src/test}) with injected faults, the token exchange and
 * a record of the calls; the package-private methods are the seams they use.
 */
public class DustessSandbox implements AutoCloseable {

	static final int INVALID_TOKEN_CODE = 40001;

	/**
	 * The JDK's {@code com.sun.net.httpserver} switches Nagle's algorithm off only when
	 * this system property is {@code true}, and it reads the property once, when its
	 * {@code ServerConfig} class loads (that is, when the first {@link HttpServer} of the
	 * JVM is created).
	 */
	static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

	static {
		// Without TCP_NODELAY every small answer stalls about 40 ms: the server writes
		// the
		// status line and headers, then the body, in separate small writes; Nagle holds
		// the body back until the headers are acknowledged, and the client delays that
		// acknowledgement (delayed ACK, ~40 ms on Linux) hoping to piggyback it. The
		// sandbox then answers at most ~25 calls per second per connection whatever the
		// caller does, and a demo or a benchmark against it measures the stall. Set here,
		// in the class's static initializer, it is in place before this class creates its
		// server; an explicit -Dsun.net.httpserver.nodelay=... is left as given. (A
		// server
		// created elsewhere in the JVM before this class loads has fixed the setting
		// already.)
		if (System.getProperty(NODELAY_PROPERTY) == null) {
			System.setProperty(NODELAY_PROPERTY, "true");
		}
	}

	private static final Pattern UUID_SHAPE = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern MOBILE = Pattern.compile("\\+?[0-9]{6,20}");

	private final HttpServer server;

	private final ExecutorService executor;

	private final JsonMapper jsonMapper;

	private final String accessToken;

	/**
	 * Binds the server on the loopback interface without starting it.
	 * @param port the port, or 0 for any free one
	 * @param accessToken the only token it accepts
	 */
	DustessSandbox(int port, String accessToken, JsonMapper jsonMapper) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
		this.jsonMapper = jsonMapper;
		this.accessToken = accessToken;
		this.executor = Executors.newFixedThreadPool(4);
		this.server.setExecutor(this.executor);
		handle(DustessClient.BATCH_EDIT_CUSTOMER_PATH, this::batchEditCustomer);
	}

	/**
	 * Starts a sandbox on the loopback interface.
	 * @param port the port, or 0 for any free one
	 * @param accessToken the only token it accepts
	 */
	public static DustessSandbox start(int port, String accessToken, JsonMapper jsonMapper) throws IOException {
		DustessSandbox sandbox = new DustessSandbox(port, accessToken, jsonMapper);
		sandbox.listen();
		return sandbox;
	}

	/** Starts answering; called once every handler is in place. */
	final void listen() {
		this.server.start();
	}

	/** Answers requests to {@code path} with {@code handler}. */
	final void handle(String path, HttpHandler handler) {
		this.server.createContext(path, handler);
	}

	/** The base URL to configure as {@code dustess.base-url}. */
	public URI baseUrl() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void batchEditCustomer(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				send(exchange, 405, "text/plain", "method not allowed".getBytes(StandardCharsets.UTF_8));
				return;
			}
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			batchEditCustomer(exchange, body);
		}
	}

	/** Answers one {@code batchEditCustomer} call whose body has been read. */
	void batchEditCustomer(HttpExchange exchange, byte[] body) throws IOException {
		List<JsonNode> entries = entries(exchange, body);
		if (entries != null) {
			sendJson(exchange, answer(entries));
		}
	}

	/**
	 * The entries of a call, or {@code null} after answering a wrong token or a malformed
	 * body with an error.
	 */
	final List<JsonNode> entries(HttpExchange exchange, byte[] body) throws IOException {
		String token = queryParameter(exchange.getRequestURI(), "accessToken");
		if (token == null || !accepts(token)) {
			sendJson(exchange, error(INVALID_TOKEN_CODE, "invalid accessToken"));
			return null;
		}
		JsonNode request;
		try {
			request = this.jsonMapper.readTree(body);
		}
		catch (JacksonException ex) {
			sendJson(exchange, error(400, "request body is not JSON"));
			return null;
		}
		JsonNode list = (request != null) ? request.get("customer_list") : null;
		if (list == null || !list.isArray() || list.isEmpty()) {
			sendJson(exchange, error(400, "customer_list is required"));
			return null;
		}
		List<JsonNode> entries = new ArrayList<>();
		list.forEach(entries::add);
		return entries;
	}

	/** Whether a call with this access token is answered. */
	boolean accepts(String token) {
		return token.equals(this.accessToken);
	}

	/** The per-item answer to these entries. */
	final ObjectNode answer(List<JsonNode> entries) {
		ArrayNode success = this.jsonMapper.createArrayNode();
		ArrayNode fail = this.jsonMapper.createArrayNode();
		for (int i = 0; i < entries.size(); i++) {
			int index = i + 1;
			JsonNode entry = entries.get(i);
			String problem = problem(entry);
			ObjectNode item = this.jsonMapper.createObjectNode();
			if (problem != null) {
				item.put("code", problem.startsWith("customer not found") ? 13001 : 13000);
				item.put("index", index);
				item.put("id", "");
				item.put("msg", problem);
				fail.add(item);
			}
			else {
				item.put("code", 0);
				item.put("index", index);
				item.put((index % 2 == 0) ? "uuid" : "id", contactId(entry));
				item.put("msg", "");
				success.insert(0, item);
			}
		}
		ObjectNode answer = this.jsonMapper.createObjectNode();
		answer.put("success", fail.isEmpty());
		if (!fail.isEmpty()) {
			answer.put("code", 4126);
		}
		answer.put("msg", "");
		ObjectNode data = answer.putObject("data");
		if (fail.isEmpty()) {
			data.putNull("fail");
		}
		else {
			data.set("fail", fail);
		}
		if (success.isEmpty()) {
			data.putNull("success");
		}
		else {
			data.set("success", success);
		}
		return answer;
	}

	private static String problem(JsonNode entry) {
		String id = text(entry, "id");
		String externalId = text(entry, "external_id");
		if (id.isEmpty() && externalId.isEmpty()) {
			return "id or external_id is required";
		}
		if (!id.isEmpty() && !UUID_SHAPE.matcher(id).matches()) {
			return "customer not found";
		}
		JsonNode mobiles = entry.get("mobiles");
		if (mobiles != null && mobiles.isArray()) {
			for (JsonNode mobile : mobiles) {
				if ("mobile".equals(text(mobile, "type")) && !MOBILE.matcher(text(mobile, "tel")).matches()) {
					return "invalid mobile";
				}
			}
		}
		return null;
	}

	private static String contactId(JsonNode entry) {
		String id = text(entry, "id");
		return !id.isEmpty() ? id
				: UUID.nameUUIDFromBytes(text(entry, "external_id").getBytes(StandardCharsets.UTF_8)).toString();
	}

	/** The text of a field, or {@code ""} when it is missing or not a string. */
	static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.asString() : "";
	}

	/**
	 * An answer that failed as a whole: {@code success: false} with this code and no
	 * data.
	 */
	final ObjectNode error(int code, String msg) {
		ObjectNode answer = this.jsonMapper.createObjectNode();
		answer.put("success", false);
		answer.put("code", code);
		answer.put("msg", msg);
		answer.putNull("data");
		return answer;
	}

	final JsonMapper jsonMapper() {
		return this.jsonMapper;
	}

	final void sendJson(HttpExchange exchange, ObjectNode answer) throws IOException {
		send(exchange, 200, "application/json;charset=UTF-8", this.jsonMapper.writeValueAsBytes(answer));
	}

	static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static String queryParameter(URI uri, String name) {
		String query = uri.getRawQuery();
		if (query == null) {
			return null;
		}
		for (String pair : query.split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0 && pair.substring(0, eq).equals(name)) {
				return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			}
		}
		return null;
	}

}
