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
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small stand-in for the Dustess open API on a loopback port, for the demo and the tests. It
 * follows the API document: one {@code batchEditCustomer} answer per call with per-item results
 * by 1-based {@code index}, {@code success: true} when every entry succeeded, else
 * {@code success: false} with code 4126. To exercise the document's quirks it returns the success
 * list in reverse order, and every second success carries the contact id under {@code uuid}
 * instead of {@code id}.
 * <p>
 * Entries fail deterministically:
 * <ul>
 * <li>13000 "id or external_id is required" when both are missing or empty;</li>
 * <li>13001 "customer not found" when {@code id} is not a UUID (the sandbox knows every UUID);</li>
 * <li>13000 "invalid mobile" when a mobile of type {@code mobile} is not 6 to 20 digits (an
 * optional leading +).</li>
 * </ul>
 * A wrong access token gets {@code success: false} with code 40001 and no per-item data. Tests
 * can inject faults per call number with {@link #faults(IntFunction)}. Each call's entries are
 * kept for inspection.
 */
public final class DustessSandbox implements AutoCloseable {

	/** A whole-call fault to inject. */
	public enum Fault {

		/** HTTP 500 with a short text body. */
		HTTP_500,

		/** HTTP 429 with {@code Retry-After: 1}. */
		HTTP_429,

		/** HTTP 200 with an HTML page. */
		HTML_200,

		/** HTTP 200 with a body that is not JSON. */
		GARBAGE_200,

		/** HTTP 200 with an empty body. */
		EMPTY_200,

		/** No answer for {@link #TIMEOUT_DELAY}, then HTTP 500 (the request was not applied). */
		TIMEOUT,

		/** HTTP 200 with {@code success: false} and no per-item data. */
		API_ERROR,

		/** The normal answer, but without the result of the last entry. */
		MISSING_LAST_INDEX,

		/** The normal answer, with the result of the first entry twice. */
		REPEATED_FIRST_INDEX;

		/** Whether this fault changes a normal answer, rather than replacing it. */
		boolean tampersWithAnswer() {
			return this == MISSING_LAST_INDEX || this == REPEATED_FIRST_INDEX;
		}

	}

	/** How long a {@link Fault#TIMEOUT} keeps the caller waiting. */
	public static final java.time.Duration TIMEOUT_DELAY = java.time.Duration.ofMillis(1500);

	static final int INVALID_TOKEN_CODE = 40001;

	private static final Pattern UUID_SHAPE = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern MOBILE = Pattern.compile("\\+?[0-9]{6,20}");

	private final HttpServer server;

	private final ExecutorService executor;

	private final JsonMapper jsonMapper;

	private final String accessToken;

	private final AtomicInteger calls = new AtomicInteger();

	private final List<List<JsonNode>> receivedCalls = Collections.synchronizedList(new ArrayList<>());

	private final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());

	private final java.util.Set<String> issuedTokens = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private final AtomicInteger tokenRequests = new AtomicInteger();

	private volatile String clientId;

	private volatile String clientSecret;

	private volatile long tokenLifetimeSeconds = 7200;

	private volatile IntFunction<Fault> faults = (call) -> null;

	private volatile java.util.function.IntConsumer onCall = (call) -> {
	};

	private DustessSandbox(HttpServer server, JsonMapper jsonMapper, String accessToken) {
		this.server = server;
		this.jsonMapper = jsonMapper;
		this.accessToken = accessToken;
		this.executor = Executors.newFixedThreadPool(4);
		server.setExecutor(this.executor);
		server.createContext("/customer/v1/batchEditCustomer", this::batchEditCustomer);
		server.createContext("/auth/v1/access_token/token", this::accessToken);
		server.start();
	}

	/**
	 * Starts a sandbox on the loopback interface.
	 * @param port the port, or 0 for any free one
	 * @param accessToken the only token it accepts
	 */
	public static DustessSandbox start(int port, String accessToken, JsonMapper jsonMapper) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
		return new DustessSandbox(server, jsonMapper, accessToken);
	}

	/** The base URL to configure as {@code dustess.base-url}. */
	public URI baseUrl() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * Runs {@code onCall} with the 1-based call number as each {@code batchEditCustomer} call
	 * arrives, before it is handled; a test can hold a call in flight this way.
	 */
	public void onCall(java.util.function.IntConsumer onCall) {
		this.onCall = onCall;
	}

	/** Sets the fault (or {@code null}) for each 1-based call number, counted from now on. */
	public void faults(IntFunction<Fault> faults) {
		this.faults = faults;
	}

	/**
	 * Accepts this client id and secret at {@code /auth/v1/access_token/token}; the tokens it
	 * issues are accepted like the static one.
	 */
	public void clientCredentials(String clientId, String clientSecret, long tokenLifetimeSeconds) {
		this.clientId = clientId;
		this.clientSecret = clientSecret;
		this.tokenLifetimeSeconds = tokenLifetimeSeconds;
	}

	/** Stops accepting the tokens issued so far, as if they had expired. */
	public void expireIssuedTokens() {
		this.issuedTokens.clear();
	}

	/** How many token requests arrived. */
	public int tokenRequests() {
		return this.tokenRequests.get();
	}

	/** When each {@code batchEditCustomer} call arrived ({@link System#nanoTime()}), faulted ones included. */
	public List<Long> arrivals() {
		synchronized (this.arrivals) {
			return List.copyOf(this.arrivals);
		}
	}

	/** How many {@code batchEditCustomer} calls arrived, faulted ones included. */
	public int calls() {
		return this.calls.get();
	}

	/** The entries of each call that was answered per item, in arrival order. */
	public List<List<JsonNode>> receivedCalls() {
		synchronized (this.receivedCalls) {
			return List.copyOf(this.receivedCalls);
		}
	}

	/** Forgets the entries of the calls received so far (a long run would keep them all). */
	public void forgetReceivedCalls() {
		this.receivedCalls.clear();
		this.arrivals.clear();
	}

	/** Forgets the calls received so far and removes the faults. */
	public void reset() {
		this.faults = (call) -> null;
		this.onCall = (call) -> {
		};
		this.calls.set(0);
		this.receivedCalls.clear();
		this.arrivals.clear();
		this.issuedTokens.clear();
		this.tokenRequests.set(0);
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
			this.arrivals.add(System.nanoTime());
			int call = this.calls.incrementAndGet();
			this.onCall.accept(call);
			Fault fault = this.faults.apply(call);
			if (fault != null && !fault.tampersWithAnswer()) {
				sendFault(exchange, fault);
				return;
			}
			String token = queryParameter(exchange.getRequestURI(), "accessToken");
			if (token == null || !(token.equals(this.accessToken) || this.issuedTokens.contains(token))) {
				sendJson(exchange, error(INVALID_TOKEN_CODE, "invalid accessToken"));
				return;
			}
			JsonNode request;
			try {
				request = this.jsonMapper.readTree(body);
			}
			catch (JacksonException ex) {
				sendJson(exchange, error(400, "request body is not JSON"));
				return;
			}
			JsonNode list = (request != null) ? request.get("customer_list") : null;
			if (list == null || !list.isArray() || list.isEmpty()) {
				sendJson(exchange, error(400, "customer_list is required"));
				return;
			}
			List<JsonNode> entries = new ArrayList<>();
			list.forEach(entries::add);
			this.receivedCalls.add(List.copyOf(entries));
			sendJson(exchange, tamper(answer(entries), fault, entries.size()));
		}
	}

	private void accessToken(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.tokenRequests.incrementAndGet();
			JsonNode request;
			try (InputStream in = exchange.getRequestBody()) {
				request = this.jsonMapper.readTree(in.readAllBytes());
			}
			catch (JacksonException ex) {
				sendJson(exchange, error(400, "request body is not JSON"));
				return;
			}
			if (this.clientId == null || !this.clientId.equals(text(request, "clientId"))
					|| !this.clientSecret.equals(text(request, "clientSecret"))) {
				sendJson(exchange, error(40100, "invalid client credentials"));
				return;
			}
			String token = "sbx-" + UUID.randomUUID();
			this.issuedTokens.add(token);
			ObjectNode answer = this.jsonMapper.createObjectNode();
			answer.put("code", 0);
			answer.put("success", true);
			ObjectNode data = answer.putObject("data");
			data.put("accessToken", token);
			data.put("expiresIn", this.tokenLifetimeSeconds);
			sendJson(exchange, answer);
		}
	}

	private ObjectNode answer(List<JsonNode> entries) {
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

	private static ObjectNode tamper(ObjectNode answer, Fault fault, int size) {
		if (fault == null || !fault.tampersWithAnswer()) {
			return answer;
		}
		ObjectNode data = (ObjectNode) answer.get("data");
		for (String list : List.of("success", "fail")) {
			JsonNode items = data.get(list);
			if (items == null || !items.isArray()) {
				continue;
			}
			ArrayNode array = (ArrayNode) items;
			for (int i = array.size() - 1; i >= 0; i--) {
				int index = array.get(i).get("index").asInt();
				if (fault == Fault.MISSING_LAST_INDEX && index == size) {
					array.remove(i);
				}
				else if (fault == Fault.REPEATED_FIRST_INDEX && index == 1) {
					array.add(array.get(i).deepCopy());
				}
			}
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

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.asString() : "";
	}

	private ObjectNode error(int code, String msg) {
		ObjectNode answer = this.jsonMapper.createObjectNode();
		answer.put("success", false);
		answer.put("code", code);
		answer.put("msg", msg);
		answer.putNull("data");
		return answer;
	}

	private void sendFault(HttpExchange exchange, Fault fault) throws IOException {
		switch (fault) {
			case HTTP_500 -> send(exchange, 500, "text/plain", "internal error".getBytes(StandardCharsets.UTF_8));
			case HTTP_429 -> {
				exchange.getResponseHeaders().set("Retry-After", "1");
				send(exchange, 429, "text/plain", "too many requests".getBytes(StandardCharsets.UTF_8));
			}
			case HTML_200 -> send(exchange, 200, "text/html",
					"<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8));
			case GARBAGE_200 -> send(exchange, 200, "application/json", "{\"success\": tru".getBytes(StandardCharsets.UTF_8));
			case EMPTY_200 -> send(exchange, 200, "application/json", new byte[0]);
			case TIMEOUT -> {
				try {
					Thread.sleep(TIMEOUT_DELAY.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				send(exchange, 500, "text/plain", "timed out".getBytes(StandardCharsets.UTF_8));
			}
			case API_ERROR -> sendJson(exchange, error(500, "system busy"));
			default -> throw new IllegalArgumentException(fault + " tampers with an answer");
		}
	}

	private void sendJson(HttpExchange exchange, ObjectNode answer) throws IOException {
		send(exchange, 200, "application/json;charset=UTF-8", this.jsonMapper.writeValueAsBytes(answer));
	}

	private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
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
