package com.example.contactsync.monitoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

import com.example.contactsync.operations.RunEnded;

/**
 * The gauges that alerts and the dashboard need beside the counters of the run itself:
 * the newest run's status, times, calls, items and answers HTTP 429, when a run last
 * completed, the changes per state and the age of the oldest waiting one
 * ({@link RunFacts}, read from the database, so that every process reports the same, and
 * the manager of a remote partitioning run reports what its workers did), and the alert
 * ratio.
 * <p>
 * The facts are read when the application is ready and after each run: what a push at the
 * end of a run carries, or a scrape of {@code serve} shows, is the state as of the end of
 * the last run. A fact that is not known is not exported at all (no {@code NaN}): before
 * the first run there is no {@code contact_sync_last_run_*} series, and a process that
 * could not read the database exports none of them, so that an alert on their absence
 * fires.
 */
public class RunMetrics {

	private static final Logger logger = LoggerFactory.getLogger(RunMetrics.class);

	/** Every status a run can have in Spring Batch's tables. */
	static final List<String> STATUSES = Arrays.stream(BatchStatus.values()).map(Enum::name).toList();

	private final MeterRegistry registry;

	private final Supplier<RunFacts> facts;

	private final Family lastRunStatus;

	private final Family lastRunStart;

	private final Family lastRunEnd;

	private final Family lastRunItems;

	private final Family lastRunCalls;

	private final Family lastRunStuck;

	private final Family lastCompletedRunEnd;

	private final Family changes;

	private final Family oldestWaiting;

	private final Family lastRunRateLimited;

	private final Family lastCapture;

	private final Family lastCaptureGoneShare;

	/**
	 * @param alertFailureRatio {@code contact-sync.alert-failure-ratio}, exported so that
	 * the alert on the share of failures uses the application's own threshold
	 * @param facts reads the facts from the database
	 */
	public RunMetrics(MeterRegistry registry, double alertFailureRatio, Supplier<RunFacts> facts) {
		this(registry, alertFailureRatio, null, facts);
	}

	/**
	 * @param maxGoneShare source mode: {@code contact-sync.source.max-gone-share},
	 * exported for the alert on lost keys; {@code null} in table mode
	 */
	public RunMetrics(MeterRegistry registry, double alertFailureRatio, Double maxGoneShare, Supplier<RunFacts> facts) {
		this.registry = registry;
		this.facts = facts;
		if (maxGoneShare != null) {
			Gauge.builder("contact.sync.source.max.gone.share", () -> maxGoneShare)
				.description("contact-sync.source.max-gone-share: above it a capture refuses")
				.register(registry);
		}
		this.lastCapture = new Family(MultiGauge.builder("contact.sync.last.capture.rows")
			.description("Source mode: the newest capture's rows by kind, a refused one included"), registry);
		this.lastCaptureGoneShare = new Family(MultiGauge.builder("contact.sync.last.capture.gone.share")
			.description("Source mode: the share of the keys present before the newest capture that it found gone"),
				registry);
		// the run's work, whichever processes did it (remote partitioning's workers)
		this.lastRunCalls = family("contact.sync.last.run.calls",
				"The newest run's batchEditCustomer calls that had an answer, whichever process made them");
		this.lastRunRateLimited = family("contact.sync.last.run.rate.limited.calls",
				"Answers HTTP 429 to the newest run's calls (retries included), whichever process made them");
		Gauge.builder("contact.sync.alert.failure.ratio", () -> alertFailureRatio)
			.description("contact-sync.alert-failure-ratio: the share of a run's items that may not succeed")
			.register(registry);
		this.lastRunStatus = family("contact.sync.last.run.status",
				"1 for the status of the newest run, 0 for the others");
		this.lastRunStart = times("contact.sync.last.run.start.time", "When the newest run started (Unix time)");
		this.lastRunEnd = times("contact.sync.last.run.end.time",
				"When the newest run ended (Unix time); absent while it runs");
		this.lastRunItems = family("contact.sync.last.run.items", "The newest run's items per outcome");
		this.lastRunStuck = family("contact.sync.last.run.stuck.changes",
				"Changes the newest run left EXHAUSTED or UNKNOWN (and still so): they need a person");
		this.lastCompletedRunEnd = times("contact.sync.last.completed.run.end.time",
				"When the newest run that completed ended (Unix time)");
		this.changes = family("contact.sync.changes", "Changes in contact_change per sync_state");
		this.oldestWaiting = times("contact.sync.backlog.oldest.created.time",
				"When the oldest change waiting to be sent (PENDING or FAILED) was created (Unix time)");
	}

	/**
	 * Reads the facts from the database and exports them. If they cannot be read, the
	 * previous ones stay (and before any were read, none are exported): metrics never
	 * fail a run.
	 */
	@EventListener(ApplicationReadyEvent.class)
	public synchronized void refresh() {
		RunFacts read;
		try {
			read = this.facts.get();
		}
		catch (RuntimeException ex) {
			logger.warn("The run metrics could not be read from the database: {}", ex.getMessage());
			return;
		}
		update(read);
	}

	/** After a run: the facts anew. */
	@EventListener
	public void runEnded(RunEnded event) {
		refresh();
	}

	/** Exports the facts. */
	synchronized void update(RunFacts facts) {
		RunFacts.LastRun run = facts.lastRun();
		Map<Tags, Double> statuses = new LinkedHashMap<>();
		if (run != null) {
			for (String status : STATUSES) {
				statuses.put(Tags.of("status", status), status.equals(run.status()) ? 1.0 : 0.0);
			}
		}
		this.lastRunStatus.set(statuses);
		this.lastRunStart.set(time((run != null) ? run.start() : null));
		this.lastRunEnd.set(time((run != null) ? run.end() : null));
		this.lastRunItems.set(rows("outcome", (run != null) ? run.items() : Map.of()));
		this.lastRunCalls.set((run != null) ? Map.of(Tags.empty(), (double) run.calls()) : Map.of());
		this.lastRunRateLimited.set((run != null) ? Map.of(Tags.empty(), (double) run.rateLimited()) : Map.of());
		this.lastRunStuck.set(rows("state", facts.lastRunStuck()));
		this.lastCompletedRunEnd.set(time(facts.lastCompletedRunEnd()));
		this.changes.set(rows("state", facts.changes()));
		this.oldestWaiting.set(time(facts.oldestWaitingCreated()));
		this.lastCapture.set(rows("kind", facts.lastCapture()));
		Double goneShare = facts.lastCaptureGoneShare();
		this.lastCaptureGoneShare.set((goneShare != null) ? Map.of(Tags.empty(), goneShare) : Map.of());
	}

	private static Map<Tags, Double> rows(String tag, Map<String, Long> values) {
		Map<Tags, Double> rows = new LinkedHashMap<>();
		values.forEach((key, value) -> rows.put(Tags.of(tag, key), value.doubleValue()));
		return rows;
	}

	private static Map<Tags, Double> time(Instant instant) {
		return (instant != null) ? Map.of(Tags.empty(), instant.toEpochMilli() / 1000.0) : Map.of();
	}

	/**
	 * A gauge whose rows come and go with the facts. A row that stays keeps its meter and
	 * only its value changes: replacing the meter would leave a moment in which a scrape
	 * or a push misses it (for a gauge without tags, the Prometheus registry drops the
	 * whole family meanwhile).
	 */
	/** A gauge per row. */
	private Family family(String name, String description) {
		return new Family(MultiGauge.builder(name).description(description), this.registry);
	}

	/** A gauge per row, of times (Unix time). */
	private Family times(String name, String description) {
		return new Family(MultiGauge.builder(name).description(description).baseUnit("seconds"), this.registry);
	}

	private static final class Family {

		private final MultiGauge gauge;

		private final Map<Tags, Value> values = new ConcurrentHashMap<>();

		Family(MultiGauge.Builder builder, MeterRegistry registry) {
			this.gauge = builder.register(registry);
		}

		void set(Map<Tags, Double> rows) {
			rows.forEach((tags, value) -> this.values.computeIfAbsent(tags, (t) -> new Value()).value = value);
			this.values.keySet().retainAll(rows.keySet());
			List<MultiGauge.Row<?>> registered = new ArrayList<>();
			this.values.forEach((tags, value) -> registered.add(MultiGauge.Row.of(tags, value, Value::get)));
			// false: rows registered before keep their meter (and their Value)
			this.gauge.register(registered, false);
		}

	}

	private static final class Value {

		private volatile double value;

		double get() {
			return this.value;
		}

	}

}
