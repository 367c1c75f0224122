package com.example.contactsync.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

import com.example.contactsync.dustess.DustessClient;

/**
 * A stand-in for {@code batchEditCustomer} that costs as little as possible, so that a
 * benchmark measures its caller: it counts the entries of {@code customer_list} with a
 * streaming parser (no tree), waits the configured latency, and answers that every entry
 * succeeded, in the documented shape ({@code data.success} with one {@code {code, index,
 * id, msg}} per entry, 1-based {@code index}, {@code data.fail} null). It answers with
 * TCP_NODELAY (see {@link #NODELAY_PROPERTY}), on 127.0.0.1 only, on 32 threads (enough
 * for any concurrency the benchmark uses, each call sleeping its latency on its own
 * thread). It keeps counters, not the calls.
 */
final class BenchmarkStub implements AutoCloseable {

	/**
	 * Read once by the JDK's server, when its first instance in the JVM is created:
	 * without it every small answer waits ~40 ms for a delayed ACK (see
	 * {@code DustessSandbox}).
	 */
	static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

	static {
		if (System.getProperty(NODELAY_PROPERTY) == null) {
			System.setProperty(NODELAY_PROPERTY, "true");
		}
	}

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(32);

	private final String accessToken;

	private volatile long latencyNanos;

	private final AtomicInteger calls = new AtomicInteger();

	private final AtomicLong entries = new AtomicLong();

	private final AtomicLong firstArrival = new AtomicLong();

	private final AtomicLong lastAnswer = new AtomicLong();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	private final AtomicLong contactIds = new AtomicLong();

	private final AtomicInteger arrivals = new AtomicInteger();

	/**
	 * The {@code external_id} of every entry received since the last reset, while
	 * {@link #trackRepeats(boolean) tracking}; {@code null} otherwise.
	 */
	private volatile Set<String> received;

	private final AtomicLong repeatedEntries = new AtomicLong();

	private final AtomicInteger repeatedCalls = new AtomicInteger();

	private BenchmarkStub(String accessToken) throws IOException {
		this.accessToken = accessToken;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
		this.server.setExecutor(this.executor);
		this.server.createContext(DustessClient.BATCH_EDIT_CUSTOMER_PATH, this::batchEditCustomer);
	}

	static BenchmarkStub start(String accessToken) throws IOException {
		BenchmarkStub stub = new BenchmarkStub(accessToken);
		stub.server.start();
		return stub;
	}

	URI baseUrl() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/** How long each call waits before it is answered, from now on. */
	void latency(Duration latency) {
		this.latencyNanos = latency.toNanos();
	}

	/** Zeroes the counters, for the next case. */
	void reset() {
		this.calls.set(0);
		this.entries.set(0);
		this.firstArrival.set(0);
		this.lastAnswer.set(0);
		this.maxInFlight.set(0);
		this.arrivals.set(0);
		this.repeatedEntries.set(0);
		this.repeatedCalls.set(0);
		if (this.received != null) {
			this.received = ConcurrentHashMap.newKeySet();
		}
	}

	/**
	 * From now on ({@code true}) keeps the {@code external_id} of every entry received,
	 * so that {@link #repeats()} counts the entries received more than once since the
	 * last reset (at arrival: a call whose caller died before the answer counts too).
	 */
	void trackRepeats(boolean track) {
		this.received = track ? ConcurrentHashMap.newKeySet() : null;
	}

	/** The calls that arrived since the last reset, answered or not. */
	int arrivals() {
		return this.arrivals.get();
	}

	/** What was received more than once since the last reset, while tracking. */
	Repeats repeats() {
		return new Repeats(this.repeatedCalls.get(), this.repeatedEntries.get());
	}

	/** The calls answered since the last {@link #reset()}. */
	Counters counters() {
		return new Counters(this.calls.get(), this.entries.get(), this.firstArrival.get(), this.lastAnswer.get(),
				this.maxInFlight.get());
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void batchEditCustomer(HttpExchange exchange) throws IOException {
		long arrival = System.nanoTime();
		this.firstArrival.compareAndSet(0, arrival);
		this.arrivals.incrementAndGet();
		int now = this.inFlight.incrementAndGet();
		this.maxInFlight.accumulateAndGet(now, Math::max);
		try (exchange) {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			String query = exchange.getRequestURI().getRawQuery();
			if (query == null || !query.contains("accessToken=" + this.accessToken)) {
				send(exchange, "{\"success\":false,\"code\":40001,\"msg\":\"invalid accessToken\",\"data\":null}");
				return;
			}
			int count = countEntries(body);
			if (count < 1) {
				send(exchange, "{\"success\":false,\"code\":400,\"msg\":\"customer_list is required\",\"data\":null}");
				return;
			}
			countRepeats(body);
			long latency = this.latencyNanos;
			if (latency > 0) {
				sleepUntil(arrival + latency);
			}
			send(exchange, answer(count));
			this.calls.incrementAndGet();
			this.entries.addAndGet(count);
			this.lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
		}
		finally {
			this.inFlight.decrementAndGet();
		}
	}

	private void countRepeats(byte[] body) {
		Set<String> seen = this.received;
		if (seen == null) {
			return;
		}
		int repeated = 0;
		for (String externalId : externalIds(body)) {
			if (!seen.add(externalId)) {
				repeated++;
			}
		}
		if (repeated > 0) {
			this.repeatedEntries.addAndGet(repeated);
			this.repeatedCalls.incrementAndGet();
		}
	}

	/** The {@code external_id} of each entry of {@code customer_list}. */
	static List<String> externalIds(byte[] body) {
		List<String> ids = new java.util.ArrayList<>();
		try (JsonParser parser = MAPPER.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return ids;
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if (!"customer_list".equals(name) || value != JsonToken.START_ARRAY) {
					parser.skipChildren();
					continue;
				}
				while (parser.nextToken() == JsonToken.START_OBJECT) {
					while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
						String field = parser.currentName();
						if (parser.nextToken() == JsonToken.VALUE_STRING && "external_id".equals(field)) {
							ids.add(parser.getString());
						}
						parser.skipChildren();
					}
				}
				return ids;
			}
			return ids;
		}
	}

	private String answer(int count) {
		StringBuilder answer = new StringBuilder(64 + 80 * count);
		answer.append("{\"success\":true,\"msg\":\"\",\"data\":{\"fail\":null,\"success\":[");
		long firstId = this.contactIds.getAndAdd(count);
		for (int index = 1; index <= count; index++) {
			if (index > 1) {
				answer.append(',');
			}
			String hex = Long.toHexString(firstId + index);
			answer.append("{\"code\":0,\"index\":")
				.append(index)
				.append(",\"id\":\"00000000-0000-4000-8000-")
				.append("000000000000", hex.length(), 12)
				.append(hex)
				.append("\",\"msg\":\"\"}");
		}
		return answer.append("]}}").toString();
	}

	/** The number of objects in the top-level {@code customer_list}, or -1. */
	static int countEntries(byte[] body) {
		try (JsonParser parser = MAPPER.createParser(body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return -1;
			}
			for (int fields = 0; fields < 1000 && parser.nextToken() == JsonToken.PROPERTY_NAME; fields++) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if ("customer_list".equals(name) && value == JsonToken.START_ARRAY) {
					int count = 0;
					while (parser.nextToken() == JsonToken.START_OBJECT) {
						count++;
						parser.skipChildren();
					}
					return count;
				}
				parser.skipChildren();
			}
			return -1;
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	private static void sleepUntil(long deadline) {
		long left;
		while ((left = deadline - System.nanoTime()) > 0) {
			try {
				TimeUnit.NANOSECONDS.sleep(left);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private static void send(HttpExchange exchange, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
		exchange.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/**
	 * What the stub saw since its last reset.
	 *
	 * @param calls the calls answered
	 * @param entries the entries they carried
	 * @param firstArrival when the first call arrived ({@link System#nanoTime()}, 0 if
	 * none)
	 * @param lastAnswer when the last answer was sent
	 * @param maxInFlight the most calls under way at once
	 */
	record Counters(int calls, long entries, long firstArrival, long lastAnswer, int maxInFlight) {

		/** Seconds from the first call's arrival to the last answer. */
		double apiWindowSeconds() {
			return (this.calls == 0) ? 0 : (this.lastAnswer - this.firstArrival) / 1e9;
		}

	}

	/**
	 * Entries received more than once (while tracking).
	 *
	 * @param calls the calls that carried at least one entry received before
	 * @param entries the entries received before
	 */
	record Repeats(int calls, long entries) {
	}

	/**
	 * The median round trip of 20 sequential one-entry calls to the stub; fails when it
	 * is anywhere near the 40 ms of a delayed ACK (the stub would then be measured, not
	 * the job).
	 */
	double roundTripMs(String token) throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(baseUrl() + DustessClient.BATCH_EDIT_CUSTOMER_PATH + "?accessToken=" + token))
			.timeout(Duration.ofSeconds(5))
			.POST(HttpRequest.BodyPublishers.ofString("{\"customer_list\":[{\"external_id\":\"crm-1\"}]}"))
			.build();
		// 500 calls first to warm up both sides (the JIT), then 20 measured
		int warmUp = 500;
		double[] millis = new double[20];
		for (int i = 0; i < warmUp + millis.length; i++) {
			long start = System.nanoTime();
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			if (!response.body().contains("\"index\":1")) {
				throw new IllegalStateException("The stub answered " + response.body());
			}
			if (i >= warmUp) {
				millis[i - warmUp] = (System.nanoTime() - start) / 1e6;
			}
		}
		Arrays.sort(millis);
		double median = millis[millis.length / 2];
		if (median > 15) {
			throw new IllegalStateException("The stub answers in " + median + " ms: is TCP_NODELAY off?");
		}
		return median;
	}

}
