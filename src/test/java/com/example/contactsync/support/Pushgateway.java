package com.example.contactsync.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Prometheus Pushgateway ({@code prometheus-pushgateway}), started on a free port
 * of 127.0.0.1 without persistence, and what it holds, as Prometheus would scrape it.
 */
public final class Pushgateway implements AutoCloseable {

	private static final Pattern SAMPLE = Pattern
		.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+\\d+)?");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private final Process process;

	private final int port;

	private final File log;

	private final HttpClient http = HttpClient.newHttpClient();

	private Pushgateway(Process process, int port, File log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/** Starts one and waits until it is ready. */
	public static Pushgateway start() throws IOException, InterruptedException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		File log = new File("target/pushgateway/pushgateway-" + port + ".log");
		Files.createDirectories(log.getParentFile().toPath());
		Process process = new ProcessBuilder(ExternalTools.pushgateway().toString(),
				"--web.listen-address=127.0.0.1:" + port, "--persistence.file=", "--log.level=warn")
			.redirectErrorStream(true)
			.redirectOutput(log)
			.start();
		Pushgateway pushgateway = new Pushgateway(process, port, log);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("The Pushgateway ended at once: " + Files.readString(log.toPath()));
			}
			try {
				if (pushgateway.get("/-/ready").statusCode() == 200) {
					return pushgateway;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(50);
		}
		pushgateway.close();
		throw new IllegalStateException("The Pushgateway was not ready within 15 s: " + Files.readString(log.toPath()));
	}

	/**
	 * Its address, as {@code management.prometheus.metrics.export.pushgateway.address}.
	 */
	public String address() {
		return "127.0.0.1:" + this.port;
	}

	/** What a scrape of it returns, as text. */
	public String scrape() throws IOException, InterruptedException {
		HttpResponse<String> response = get("/metrics");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET /metrics answered " + response.statusCode());
		}
		return response.body();
	}

	/** Every sample a scrape of it returns. */
	public List<Series> series() throws IOException, InterruptedException {
		return parse(scrape());
	}

	/** The samples of the group that a job and instance pushed. */
	public List<Series> group(String job, String instance) throws IOException, InterruptedException {
		return series().stream()
			.filter((series) -> job.equals(series.labels().get("job"))
					&& instance.equals(series.labels().get("instance")))
			.toList();
	}

	/** Samples in Prometheus's text format. */
	static List<Series> parse(String text) {
		List<Series> series = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher sample = SAMPLE.matcher(line.trim());
			if (!sample.matches()) {
				throw new IllegalStateException("Not a sample: " + line);
			}
			Map<String, String> labels = new LinkedHashMap<>();
			if (sample.group(2) != null) {
				Matcher label = LABEL.matcher(sample.group(2));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			series.add(new Series(sample.group(1), labels, value(sample.group(3))));
		}
		return series;
	}

	private static double value(String text) {
		return switch (text) {
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			default -> Double.parseDouble(text);
		};
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(
				HttpRequest.newBuilder(URI.create("http://" + address() + path)).timeout(Duration.ofSeconds(5)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/** One sample: a metric name, its labels and its value. */
	public record Series(String name, Map<String, String> labels, double value) {

		/** Whether it has each of these labels with these values. */
		public boolean has(Map<String, String> labels) {
			return this.labels.entrySet().containsAll(labels.entrySet());
		}

	}

}
