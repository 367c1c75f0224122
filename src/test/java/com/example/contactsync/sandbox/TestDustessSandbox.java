package com.example.contactsync.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import com.example.contactsync.dustess.DustessTestSupport;

/**
 * The {@link DustessSandbox} with what tests need on top: whole-call faults injected per
 * call number ({@link #faults(IntFunction)}), a hook as each call arrives
 * ({@link #onCall(IntConsumer)}), the token exchange with tokens that can be expired, and
 * a record of the calls (their entries and arrival times).
 */
public final class TestDustessSandbox extends DustessSandbox {

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

		/**
		 * No answer for {@link #TIMEOUT_DELAY}, then HTTP 500 (the request was not
		 * applied).
		 */
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
	public static final Duration TIMEOUT_DELAY = Duration.ofMillis(1500);

	private volatile java.util.function.Function<List<JsonNode>, Fault> entryFaults = (entries) -> null;

	private final List<Span> spans = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

	private final AtomicInteger calls = new AtomicInteger();

	private final List<List<JsonNode>> receivedCalls = Collections.synchronizedList(new ArrayList<>());

	private final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());

	private final Set<String> issuedTokens = ConcurrentHashMap.newKeySet();

	private final AtomicInteger tokenRequests = new AtomicInteger();

	private volatile String clientId;

	private volatile String clientSecret;

	private volatile long tokenLifetimeSeconds = 7200;

	private volatile IntFunction<Fault> faults = (call) -> null;

	private volatile IntConsumer onCall = (call) -> {
	};

	private TestDustessSandbox(int port, String accessToken, JsonMapper jsonMapper) throws IOException {
		super(port, accessToken, jsonMapper);
		handle(DustessTestSupport.TOKEN_PATH, this::accessToken);
	}

	/**
	 * Starts a sandbox on the loopback interface.
	 * @param port the port, or 0 for any free one
	 * @param accessToken the static token it accepts (besides those it issues)
	 */
	public static TestDustessSandbox start(int port, String accessToken, JsonMapper jsonMapper) throws IOException {
		TestDustessSandbox sandbox = new TestDustessSandbox(port, accessToken, jsonMapper);
		sandbox.listen();
		return sandbox;
	}

	/**
	 * Runs {@code onCall} with the 1-based call number as each {@code batchEditCustomer}
	 * call arrives, before it is handled; a test can hold a call in flight this way.
	 */
	public void onCall(IntConsumer onCall) {
		this.onCall = onCall;
	}

	/**
	 * Sets the fault (or {@code null}) for each 1-based call number, counted from now on.
	 */
	public void faults(IntFunction<Fault> faults) {
		this.faults = faults;
	}

	/**
	 * Accepts this client id and secret at the token exchange; the tokens it issues are
	 * accepted like the static one.
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

	/**
	 * When each {@code batchEditCustomer} call arrived ({@link System#nanoTime()}),
	 * faulted ones included.
	 */
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

	/**
	 * Forgets the entries of the calls received so far (a long run would keep them all).
	 */
	public void forgetReceivedCalls() {
		this.receivedCalls.clear();
		this.arrivals.clear();
	}

	/** Forgets the calls received so far and removes the faults. */
	/**
	 * Faults chosen by what a call carries (its entries); applied after
	 * {@link #faults(IntFunction)}.
	 */
	public void faultsByEntries(java.util.function.Function<List<JsonNode>, Fault> faults) {
		this.entryFaults = faults;
	}

	/** Each answered call: its entries, when it arrived and when it was answered. */
	public List<Span> spans() {
		synchronized (this.spans) {
			return List.copyOf(this.spans);
		}
	}

	/**
	 * A call as the server saw it.
	 *
	 * @param entries its customer_list
	 * @param arrived when it arrived ({@link System#nanoTime()})
	 * @param answered when its answer was sent
	 */
	public record Span(List<JsonNode> entries, long arrived, long answered) {

		/** Whether the two calls were under way at the same time. */
		public boolean overlaps(Span other) {
			return this.arrived < other.answered && other.arrived < this.answered;
		}

	}

	public void reset() {
		this.entryFaults = (entries) -> null;
		this.spans.clear();
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
	void batchEditCustomer(HttpExchange exchange, byte[] body) throws IOException {
		long arrived = System.nanoTime();
		this.arrivals.add(arrived);
		int call = this.calls.incrementAndGet();
		this.onCall.accept(call);
		Fault fault = this.faults.apply(call);
		if (fault != null && !fault.tampersWithAnswer()) {
			sendFault(exchange, fault);
			return;
		}
		List<JsonNode> entries = entries(exchange, body);
		if (entries != null) {
			Fault byEntries = this.entryFaults.apply(entries);
			if (byEntries != null && !byEntries.tampersWithAnswer()) {
				sendFault(exchange, byEntries);
				return;
			}
			this.receivedCalls.add(List.copyOf(entries));
			sendJson(exchange, tamper(answer(entries), (fault != null) ? fault : byEntries, entries.size()));
			this.spans.add(new Span(List.copyOf(entries), arrived, System.nanoTime()));
		}
	}

	@Override
	boolean accepts(String token) {
		return super.accepts(token) || this.issuedTokens.contains(token);
	}

	private void accessToken(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.tokenRequests.incrementAndGet();
			JsonNode request;
			try (InputStream in = exchange.getRequestBody()) {
				request = jsonMapper().readTree(in.readAllBytes());
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
			ObjectNode answer = jsonMapper().createObjectNode();
			answer.put("code", 0);
			answer.put("success", true);
			ObjectNode data = answer.putObject("data");
			data.put("accessToken", token);
			data.put("expiresIn", this.tokenLifetimeSeconds);
			sendJson(exchange, answer);
		}
	}

	private static ObjectNode tamper(ObjectNode answer, Fault fault, int size) {
		if (fault == null) {
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

	private void sendFault(HttpExchange exchange, Fault fault) throws IOException {
		switch (fault) {
			case HTTP_500 -> send(exchange, 500, "text/plain", "internal error".getBytes(StandardCharsets.UTF_8));
			case HTTP_429 -> {
				exchange.getResponseHeaders().set("Retry-After", "1");
				send(exchange, 429, "text/plain", "too many requests".getBytes(StandardCharsets.UTF_8));
			}
			case HTML_200 -> send(exchange, 200, "text/html",
					"<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8));
			case GARBAGE_200 ->
				send(exchange, 200, "application/json", "{\"success\": tru".getBytes(StandardCharsets.UTF_8));
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

}
