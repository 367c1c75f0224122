package com.example.contactsync.benchmark;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@link SyncBenchmark}'s source-mode data: a company contact table, {@code crm_customer}
 * (key {@code external_id}), made set-based with {@code generate_series} in PostgreSQL,
 * some 360 bytes a row; the edit of 1 % of its rows; and what a run of the job left: the
 * capture's row in {@code contact_sync_capture} and the capture step's own times.
 */
final class SourceTable {

	static final String RELATION = "crm_customer";

	private final BenchmarkDatabase database;

	SourceTable(BenchmarkDatabase database) {
		this.database = database;
	}

	/**
	 * A fresh source of {@code size} rows and no trace of earlier runs: the changes, the
	 * outcomes, Spring Batch's history, the capture state and records emptied, the table
	 * made again; then VACUUM ANALYZE and a CHECKPOINT ({@link #settle()}).
	 */
	void reset(int size) throws SQLException {
		try (Connection connection = this.database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("TRUNCATE TABLE sync_outcome, contact_change RESTART IDENTITY CASCADE");
			statement.execute("TRUNCATE TABLE batch_step_execution_context, batch_job_execution_context, "
					+ "batch_step_execution, batch_job_execution_params, batch_job_execution, batch_job_instance CASCADE");
			statement.execute("TRUNCATE TABLE contact_sync_source_state, contact_sync_capture");
			statement.execute("DROP TABLE IF EXISTS " + RELATION);
			statement.execute("CREATE TABLE " + RELATION + " (external_id VARCHAR(128) PRIMARY KEY, "
					+ "remark VARCHAR(255), email VARCHAR(255), age INT, gender SMALLINT, birthday DATE, "
					+ "position VARCHAR(255), prov_city VARCHAR(255), address VARCHAR(1000), status VARCHAR(64), "
					+ "mobiles JSONB, tags JSONB)");
			statement.execute(
					"""
							INSERT INTO crm_customer
							SELECT 'crm-' || i,
							    'Customer ' || i || ', met at a trade fair; ' || left(md5(i::text), 24),
							    'c' || i || '@example-' || (i % 97) || '.com',
							    18 + i % 60,
							    (i % 2 + 1)::smallint,
							    DATE '1960-01-01' + (i % 15000),
							    (ARRAY['Buyer', 'Purchasing manager', 'Engineer', 'Owner', 'Sales director'])[1 + i % 5],
							    (ARRAY['Shanghai', 'Beijing', 'Guangdong, Shenzhen', 'Zhejiang, Hangzhou', 'Sichuan, Chengdu'])[1 + i % 5],
							    'Building ' || (i % 300) || ', ' || (i % 2000) || ' Example Road, District ' || (i % 40),
							    CASE WHEN i % 10 = 0 THEN 'inactive' ELSE 'active' END,
							    jsonb_build_array(jsonb_build_object('tel', '138' || lpad(i::text, 8, '0'), 'type', 'mobile'))
							        || CASE WHEN i % 3 = 0
							            THEN jsonb_build_array(jsonb_build_object('tel', '139' || lpad(i::text, 8, '0'), 'type', 'work'))
							            ELSE '[]'::jsonb END,
							    jsonb_build_array('tag-' || (i % 10), 'segment-' || (i % 7))
							FROM generate_series(1, ?) i"""
						.replace("?", Integer.toString(size)));
		}
		settle();
	}

	/**
	 * 1 % of the rows (chosen at random, with a fixed seed), each with one or two of
	 * remark, email, age, mobiles and tags edited, chosen at random.
	 * @return the rows edited
	 */
	int editOnePercent(int size) throws SQLException {
		try (Connection connection = this.database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("SELECT setseed(0.21)");
			int edited = statement.executeUpdate("""
					UPDATE crm_customer c SET
					    remark = CASE WHEN 0 IN (p.f, p.g) THEN c.remark || ' (edited)' ELSE c.remark END,
					    email = CASE WHEN 1 IN (p.f, p.g) THEN 'new-' || c.email ELSE c.email END,
					    age = CASE WHEN 2 IN (p.f, p.g) THEN c.age + 1 ELSE c.age END,
					    mobiles = CASE WHEN 3 IN (p.f, p.g)
					        THEN c.mobiles || '[{"tel": "13700000000", "type": "work"}]'::jsonb ELSE c.mobiles END,
					    tags = CASE WHEN 4 IN (p.f, p.g) THEN c.tags || '["edited"]'::jsonb ELSE c.tags END
					FROM (SELECT external_id, floor(random() * 5)::int AS f,
					          CASE WHEN random() < 0.5 THEN floor(random() * 5)::int ELSE -1 END AS g
					      FROM crm_customer ORDER BY random() LIMIT ?) p
					WHERE c.external_id = p.external_id""".replace("?", Integer.toString(size / 100)));
			settle(statement);
			return edited;
		}
	}

	/**
	 * VACUUM ANALYZE of the source, the state and the changes, and a CHECKPOINT: each run
	 * starts as a nightly run would, after autovacuum has been through the last run's
	 * writes, and the dirty pages of the preparation are not written during it.
	 */
	void settle() throws SQLException {
		try (Connection connection = this.database.connect(); Statement statement = connection.createStatement()) {
			settle(statement);
		}
	}

	private static void settle(Statement statement) throws SQLException {
		for (String table : new String[] { RELATION, "contact_sync_source_state", "contact_change", "sync_outcome" }) {
			statement.execute("VACUUM ANALYZE " + table);
		}
		try {
			statement.execute("CHECKPOINT");
		}
		catch (SQLException ex) {
			// not a superuser on an existing server: the run goes without it
		}
	}

	/**
	 * The last run's capture: {@code contact_sync_capture}'s counts, the capture step's
	 * start to end and the job execution's.
	 */
	Captured lastCapture() throws SQLException {
		try (Connection connection = this.database.connect();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("""
						SELECT c.source_rows, c.new_rows, c.changed_rows, c.unchanged_rows, c.changes,
						    EXTRACT(EPOCH FROM (s.end_time - s.start_time)),
						    EXTRACT(EPOCH FROM (j.end_time - j.start_time))
						FROM contact_sync_capture c
						JOIN batch_job_execution j ON j.job_execution_id = c.job_execution_id
						JOIN batch_step_execution s ON s.job_execution_id = j.job_execution_id
						    AND s.step_name = 'captureContactChanges'
						ORDER BY c.capture_id DESC LIMIT 1""")) {
			if (!rs.next()) {
				throw new IllegalStateException("No capture recorded by the run");
			}
			return new Captured(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
					rs.getDouble(6), rs.getDouble(7));
		}
	}

	/**
	 * What a run captured.
	 *
	 * @param sourceRows the source's rows
	 * @param newRows keys not seen before
	 * @param changedRows rows that differ from the state
	 * @param unchangedRows rows that do not
	 * @param changes the contact_change rows written
	 * @param captureSeconds the capture step's start to end
	 * @param runSeconds the job execution's start to end (capture and sync)
	 */
	record Captured(long sourceRows, long newRows, long changedRows, long unchangedRows, long changes,
			double captureSeconds, double runSeconds) {
	}

}
