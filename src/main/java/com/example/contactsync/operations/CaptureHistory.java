package com.example.contactsync.operations;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Source mode's history for the commands: the recent captures, baselines and resyncs
 * ({@code contact_sync_capture}), and how many keys are gone from the source.
 */
public class CaptureHistory {

	private static final String RECENT = """
			SELECT capture_id, job_execution_id, kind, captured_at, source_rows, new_rows, changed_rows,
			       unchanged_rows, returned_rows, resync_rows, gone_rows, changes, field_counts
			  FROM contact_sync_capture ORDER BY capture_id DESC FETCH FIRST ? ROWS ONLY""";

	private static final String OF_RUNS = """
			SELECT capture_id, job_execution_id, kind, captured_at, source_rows, new_rows, changed_rows,
			       unchanged_rows, returned_rows, resync_rows, gone_rows, changes, field_counts
			  FROM contact_sync_capture WHERE job_execution_id IN (:runs) ORDER BY capture_id""";

	private static final RowMapper<CaptureRecord> ROW_MAPPER = (rs, n) -> new CaptureRecord(rs.getLong(1),
			(Long) rs.getObject(2, Long.class), rs.getString(3), rs.getObject(4, OffsetDateTime.class), rs.getLong(5),
			rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12),
			rs.getString(13));

	private static final String GONE = "SELECT COUNT(*) FROM contact_sync_source_state WHERE gone_at IS NOT NULL";

	private final JdbcTemplate jdbcTemplate;

	public CaptureHistory(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	/** The newest captures first; empty in table mode. */
	public List<CaptureRecord> recent(int limit) {
		return this.jdbcTemplate.query(RECENT, ROW_MAPPER, limit);
	}

	/**
	 * The capture step of each of these runs (source mode; its newest, should a run have
	 * had more); a run without one is absent.
	 */
	public Map<Long, CaptureRecord> ofRuns(Collection<Long> runs) {
		Map<Long, CaptureRecord> captures = new HashMap<>();
		if (!runs.isEmpty()) {
			new NamedParameterJdbcTemplate(this.jdbcTemplate)
				.query(OF_RUNS, new MapSqlParameterSource("runs", runs), ROW_MAPPER)
				.forEach((capture) -> captures.put(capture.run(), capture));
		}
		return captures;
	}

	/** The keys gone from the source (kept in the state, never sent by default). */
	public long goneKeys() {
		return this.jdbcTemplate.queryForObject(GONE, Long.class);
	}

	/** One capture, baseline or resync. */
	public record CaptureRecord(long captureId, Long run, String kind, OffsetDateTime capturedAt, long sourceRows,
			long newRows, long changedRows, long unchangedRows, long returnedRows, long resyncRows, long goneRows,
			long changes, String fieldCounts) {
	}

}
