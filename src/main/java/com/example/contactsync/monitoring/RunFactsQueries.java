package com.example.contactsync.monitoring;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

import com.example.contactsync.change.Outcome;
import com.example.contactsync.operations.RunHistory;
import com.example.contactsync.operations.RunSummary;

/**
 * Reads the {@link RunFacts} from the ops views ({@code contact_sync_run},
 * {@code contact_sync_backlog}) and {@code contact_change}: a handful of small queries,
 * the same on PostgreSQL and H2.
 */
public class RunFactsQueries {

	static final String LAST_COMPLETED_RUN_END = "SELECT MAX(end_time) FROM contact_sync_run WHERE status = 'COMPLETED'";

	static final String BACKLOG = "SELECT sync_state, changes, oldest_created_at FROM contact_sync_backlog";

	static final String STUCK_BY_RUN = """
			SELECT c.sync_state, COUNT(*) AS changes
			  FROM contact_change c
			 WHERE c.sync_state IN ('EXHAUSTED', 'UNKNOWN')
			   AND c.change_id IN (SELECT o.change_id FROM sync_outcome o WHERE o.job_execution_id = ?)
			 GROUP BY c.sync_state""";

	static final String LAST_CAPTURE = """
			SELECT source_rows, new_rows, changed_rows, unchanged_rows, returned_rows, gone_rows, changes
			  FROM contact_sync_capture WHERE kind <> 'RESYNC' ORDER BY capture_id DESC FETCH FIRST 1 ROWS ONLY""";

	private final JdbcTemplate jdbcTemplate;

	private final RunHistory history;

	private final ZoneId batchZone;

	/**
	 * @param batchZone the time zone of Spring Batch's start and end times (it stores the
	 * JVM's local time)
	 */
	public RunFactsQueries(JdbcTemplate jdbcTemplate, RunHistory history, ZoneId batchZone) {
		this.jdbcTemplate = jdbcTemplate;
		this.history = history;
		this.batchZone = batchZone;
	}

	/** Reads the facts as they are now. */
	public RunFacts read() {
		RunFacts.LastRun lastRun = this.history.recent(1).stream().findFirst().map(this::lastRun).orElse(null);
		Timestamp lastCompleted = this.jdbcTemplate.queryForObject(LAST_COMPLETED_RUN_END, Timestamp.class);
		Backlog backlog = backlog();
		Map<String, Long> stuck = new LinkedHashMap<>();
		if (lastRun != null) {
			RunFacts.STUCK.forEach((state) -> stuck.put(state, 0L));
			this.jdbcTemplate.query(STUCK_BY_RUN, (rs) -> {
				stuck.put(rs.getString("sync_state"), rs.getLong("changes"));
			}, lastRun.executionId());
		}
		Map<String, Long> capture = new LinkedHashMap<>();
		this.jdbcTemplate.query(LAST_CAPTURE, (rs) -> {
			String[] kinds = { "source", "new", "changed", "unchanged", "back", "gone", "changes" };
			for (int i = 0; i < kinds.length; i++) {
				capture.put(kinds[i], rs.getLong(i + 1));
			}
		});
		return new RunFacts(lastRun, (lastCompleted != null) ? instant(lastCompleted.toLocalDateTime()) : null,
				backlog.changes(), backlog.oldestWaitingCreated(), stuck, capture);
	}

	/**
	 * The changes per state (every state of {@link RunFacts#STATES}) and the oldest
	 * waiting one.
	 */
	public record Backlog(Map<String, Long> changes, Instant oldestWaitingCreated) {
	}

	/**
	 * The backlog alone ({@code contact_sync_backlog}): what the console's backlog page
	 * shows, without the runs' facts.
	 */
	public Backlog backlog() {
		Map<String, Long> changes = new LinkedHashMap<>();
		RunFacts.STATES.forEach((state) -> changes.put(state, 0L));
		Instant[] oldestWaiting = new Instant[1];
		this.jdbcTemplate.query(BACKLOG, (rs) -> {
			String state = rs.getString("sync_state");
			changes.put(state, rs.getLong("changes"));
			Timestamp oldest = rs.getTimestamp("oldest_created_at");
			if (RunFacts.WAITING.contains(state) && oldest != null
					&& (oldestWaiting[0] == null || oldest.toInstant().isBefore(oldestWaiting[0]))) {
				oldestWaiting[0] = oldest.toInstant();
			}
		});
		return new Backlog(changes, oldestWaiting[0]);
	}

	private RunFacts.LastRun lastRun(RunSummary run) {
		Map<String, Long> items = new LinkedHashMap<>();
		items.put(Outcome.SUCCEEDED.name(), run.succeeded());
		items.put(Outcome.FAILED.name(), run.failed());
		items.put(Outcome.REJECTED.name(), run.rejected());
		items.put(Outcome.UNKNOWN.name(), run.unknown());
		return new RunFacts.LastRun(run.executionId(), run.status(), instant(run.startTime()), instant(run.endTime()),
				items, run.calls(), run.rateLimited());
	}

	private Instant instant(LocalDateTime time) {
		return (time != null) ? time.atZone(this.batchZone).toInstant() : null;
	}

}
