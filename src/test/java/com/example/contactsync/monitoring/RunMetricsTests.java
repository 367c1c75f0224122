package com.example.contactsync.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import com.example.contactsync.dustess.DustessClient;
import com.example.contactsync.operations.RunEnded;
import com.example.contactsync.operations.RunResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gauges of {@link RunMetrics}: what is known is exported, what is not is absent, and
 * a database that cannot be read leaves the last facts in place.
 */
class RunMetricsTests {

	private static final Instant START = Instant.parse("2026-11-25T18:30:00Z");

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final Deque<Object> facts = new ArrayDeque<>();

	private final RunMetrics metrics = new RunMetrics(this.registry, 0.1, () -> {
		Object next = this.facts.pop();
		if (next instanceof RuntimeException ex) {
			throw ex;
		}
		return (RunFacts) next;
	});

	@Test
	void refreshWhenNoRunYetThenExportsNoSeriesOfARun() {
		this.facts.push(new RunFacts(null, null, changes(3, 0), null, Map.of()));

		this.metrics.refresh();

		assertThat(this.registry.find("contact.sync.last.run.status").gauges()).isEmpty();
		assertThat(this.registry.find("contact.sync.last.run.start.time").gauges()).isEmpty();
		assertThat(this.registry.find("contact.sync.last.completed.run.end.time").gauges()).isEmpty();
		assertThat(this.registry.find("contact.sync.last.run.stuck.changes").gauges()).isEmpty();
		assertThat(this.registry.find("contact.sync.last.run.calls").gauges()).isEmpty();
		assertThat(this.registry.find("contact.sync.last.run.rate.limited.calls").gauges()).isEmpty();
		assertThat(this.registry.find("contact.sync.backlog.oldest.created.time").gauges()).isEmpty();
		assertThat(gauge("contact.sync.changes", "state", "PENDING")).isEqualTo(3);
		assertThat(gauge("contact.sync.changes", "state", "EXHAUSTED")).isZero();
		assertThat(this.registry.get("contact.sync.alert.failure.ratio").gauge().value()).isEqualTo(0.1);
	}

	@Test
	void refreshWhenSourceModeThenTheNewestCaptureRowsAndTheShareOfKeysGone() {
		MeterRegistry sourceRegistry = new SimpleMeterRegistry();
		RunMetrics source = new RunMetrics(sourceRegistry, 0.1, 0.2,
				() -> new RunFacts(null, null, changes(0, 0), null, Map.of(), Map.of("source", 600L, "new", 0L,
						"changed", 50L, "unchanged", 550L, "back", 0L, "gone", 400L, "changes", 0L)));

		source.refresh();

		assertThat(sourceRegistry.get("contact.sync.last.capture.rows").tag("kind", "gone").gauge().value())
			.isEqualTo(400);
		assertThat(sourceRegistry.get("contact.sync.last.capture.rows").tag("kind", "unchanged").gauge().value())
			.isEqualTo(550);
		assertThat(sourceRegistry.get("contact.sync.last.capture.gone.share").gauge().value()).isEqualTo(0.4);
		assertThat(sourceRegistry.get("contact.sync.source.max.gone.share").gauge().value()).isEqualTo(0.2);
		this.facts.push(new RunFacts(null, null, changes(0, 0), null, Map.of()));
		this.metrics.refresh();
		assertThat(this.registry.find("contact.sync.last.capture.gone.share").gauges()).as("table mode").isEmpty();
		assertThat(this.registry.find("contact.sync.source.max.gone.share").gauges()).isEmpty();
	}

	@Test
	void refreshWhenTheNewestRunFailedThenItsStatusIsOneAndTheOthersZero() {
		RunFacts.LastRun failed = new RunFacts.LastRun(7, "FAILED", START, START.plusSeconds(90),
				Map.of("SUCCEEDED", 10L, "FAILED", 2L, "REJECTED", 0L, "UNKNOWN", 1L), 3, 0);
		this.facts.push(new RunFacts(failed, START.minus(Duration.ofDays(1)), changes(0, 2),
				START.minus(Duration.ofHours(30)), Map.of("EXHAUSTED", 2L, "UNKNOWN", 1L)));

		this.metrics.refresh();

		assertThat(gauge("contact.sync.last.run.status", "status", "FAILED")).isEqualTo(1);
		assertThat(gauge("contact.sync.last.run.status", "status", "COMPLETED")).isZero();
		assertThat(this.registry.find("contact.sync.last.run.status").gauges()).hasSize(RunMetrics.STATUSES.size());
		assertThat(gauge("contact.sync.last.run.start.time")).isEqualTo(START.getEpochSecond());
		assertThat(gauge("contact.sync.last.run.end.time")).isEqualTo(START.getEpochSecond() + 90);
		assertThat(gauge("contact.sync.last.completed.run.end.time")).isEqualTo(START.getEpochSecond() - 86400);
		assertThat(gauge("contact.sync.backlog.oldest.created.time")).isEqualTo(START.getEpochSecond() - 30 * 3600);
		assertThat(gauge("contact.sync.last.run.items", "outcome", "UNKNOWN")).isEqualTo(1);
		assertThat(gauge("contact.sync.last.run.stuck.changes", "state", "EXHAUSTED")).isEqualTo(2);
	}

	@Test
	void refreshWhenARunIsUnderWayThenItHasNoEndTime() {
		this.facts.push(new RunFacts(new RunFacts.LastRun(8, "STARTED", START, null, Map.of(), 0, 0), null,
				changes(5, 0), START, Map.of()));

		this.metrics.refresh();

		assertThat(gauge("contact.sync.last.run.status", "status", "STARTED")).isEqualTo(1);
		assertThat(this.registry.find("contact.sync.last.run.end.time").gauges()).isEmpty();
	}

	@Test
	void refreshWhenTheDatabaseCannotBeReadThenKeepsTheFactsItHad() {
		this.facts.add(new RunFacts(new RunFacts.LastRun(7, "COMPLETED", START, START, Map.of(), 0, 0), START,
				changes(0, 0), null, Map.of()));
		this.facts.add(new DataAccessResourceFailureException("database gone"));

		this.metrics.refresh();
		this.metrics.refresh();

		assertThat(gauge("contact.sync.last.run.status", "status", "COMPLETED")).isEqualTo(1);
		assertThat(gauge("contact.sync.last.completed.run.end.time")).isEqualTo(START.getEpochSecond());
	}

	@Test
	void refreshWhileScrapedThenEveryScrapeHasEveryKnownSeries() throws Exception {
		PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		RunFacts.LastRun run = new RunFacts.LastRun(7, "COMPLETED", START, START, Map.of("SUCCEEDED", 1L), 1, 0);
		RunMetrics metrics = new RunMetrics(prometheus, 0.1,
				() -> new RunFacts(run, START, changes(1, 0), START, Map.of("EXHAUSTED", 0L)));
		metrics.refresh();
		AtomicBoolean refreshing = new AtomicBoolean(true);
		AtomicInteger scrapes = new AtomicInteger();
		AtomicInteger incomplete = new AtomicInteger();
		Thread scraper = new Thread(() -> {
			while (refreshing.get()) {
				String scrape = prometheus.scrape();
				scrapes.incrementAndGet();
				if (!scrape.contains("contact_sync_last_run_start_time_seconds ")
						|| !scrape.contains("contact_sync_last_run_status{status=\"COMPLETED\"} 1.0")) {
					incomplete.incrementAndGet();
				}
			}
		});
		scraper.start();
		// a row that stays is never replaced: replacing it left scrapes without it
		for (int i = 0; i < 2000; i++) {
			metrics.refresh();
		}
		refreshing.set(false);
		scraper.join();

		assertThat(scrapes.get()).isPositive();
		assertThat(incomplete.get()).as("scrapes without a series, of %s", scrapes.get()).isZero();
	}

	@Test
	void runEndedThenExportsTheNewestRunsCallsAnd429sAsTheDatabaseHasThem() {
		// the run's calls and 429s are the facts', not this process's counters: the
		// manager of a remote partitioning run made none of its calls
		this.facts.push(new RunFacts(
				new RunFacts.LastRun(9, "COMPLETED", START, START.plusSeconds(5), Map.of("SUCCEEDED", 40L), 4, 2),
				START.plusSeconds(5), changes(0, 0), null, Map.of()));

		this.metrics.runEnded(new RunEnded(new RunResult(LocalDate.of(2026, 11, 25), RunResult.Kind.COMPLETED, null,
				"The sync of 2026-11-25 completed.")));

		assertThat(gauge("contact.sync.last.run.calls")).isEqualTo(4);
		assertThat(gauge("contact.sync.last.run.rate.limited.calls")).isEqualTo(2);
		assertThat(this.registry.find(DustessClient.CALLS_METRIC).timers()).isEmpty();
	}

	private static Map<String, Long> changes(long pending, long failed) {
		Map<String, Long> changes = new LinkedHashMap<>();
		RunFacts.STATES.forEach((state) -> changes.put(state, 0L));
		changes.put("PENDING", pending);
		changes.put("FAILED", failed);
		return changes;
	}

	private double gauge(String name, String... tags) {
		Gauge gauge = this.registry.get(name).tags(tags).gauge();
		return gauge.value();
	}

}
