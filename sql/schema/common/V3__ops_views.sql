-- Views for ops, the same on PostgreSQL and H2 (and for the `status`, `failures`, `show` commands). Example output of each is in
-- the README; sql/ops/queries.sql has the everyday queries built on them.

-- One row per run (job execution) of contactSyncJob: Spring Batch's view of it and ours.
CREATE OR REPLACE VIEW contact_sync_run AS
SELECT e.job_execution_id,
       i.job_instance_id,
       p.parameter_value                      AS run_date,
       e.status,
       e.exit_code,
       e.start_time,
       e.end_time,
       COALESCE(s.read_count, 0)              AS read_count,
       COALESCE(s.commit_count, 0)            AS commit_count,
       COALESCE(s.rollback_count, 0)          AS rollback_count,
       COALESCE(o.calls, 0)                   AS calls,
       COALESCE(o.items, 0)                   AS items,
       COALESCE(o.items_succeeded, 0)         AS items_succeeded,
       COALESCE(o.items_failed, 0)            AS items_failed,
       COALESCE(o.items_rejected, 0)          AS items_rejected,
       COALESCE(o.items_unknown, 0)           AS items_unknown,
       e.exit_message
  FROM batch_job_execution e
  JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
  LEFT JOIN batch_job_execution_params p
         ON p.job_execution_id = e.job_execution_id AND p.parameter_name = 'runDate'
  LEFT JOIN (SELECT job_execution_id, SUM(read_count) AS read_count, SUM(commit_count) AS commit_count,
                    SUM(rollback_count) AS rollback_count
               FROM batch_step_execution GROUP BY job_execution_id) s
         ON s.job_execution_id = e.job_execution_id
  LEFT JOIN (SELECT job_execution_id,
                    COUNT(DISTINCT call_id) AS calls,
                    COUNT(*) AS items,
                    SUM(CASE WHEN outcome = 'SUCCEEDED' THEN 1 ELSE 0 END) AS items_succeeded,
                    SUM(CASE WHEN outcome = 'FAILED' THEN 1 ELSE 0 END) AS items_failed,
                    SUM(CASE WHEN outcome = 'REJECTED' THEN 1 ELSE 0 END) AS items_rejected,
                    SUM(CASE WHEN outcome = 'UNKNOWN' THEN 1 ELSE 0 END) AS items_unknown
               FROM sync_outcome GROUP BY job_execution_id) o
         ON o.job_execution_id = e.job_execution_id
 WHERE i.job_name = 'contactSyncJob';

-- The backlog: changes per state and age.
CREATE OR REPLACE VIEW contact_sync_backlog AS
SELECT sync_state,
       COUNT(*) AS changes,
       SUM(CASE WHEN created_at > CURRENT_TIMESTAMP - INTERVAL '1' HOUR THEN 1 ELSE 0 END) AS younger_than_1h,
       SUM(CASE WHEN created_at <= CURRENT_TIMESTAMP - INTERVAL '1' HOUR
                 AND created_at > CURRENT_TIMESTAMP - INTERVAL '1' DAY THEN 1 ELSE 0 END) AS from_1h_to_1d,
       SUM(CASE WHEN created_at <= CURRENT_TIMESTAMP - INTERVAL '1' DAY THEN 1 ELSE 0 END) AS older_than_1d,
       MIN(created_at) AS oldest_created_at
  FROM contact_change
 GROUP BY sync_state;

-- Items that did not succeed in the last 7 days, grouped by outcome and Dustess code.
CREATE OR REPLACE VIEW contact_sync_failures_by_code AS
SELECT outcome,
       code,
       COUNT(*) AS items,
       COUNT(DISTINCT change_id) AS changes,
       MAX(recorded_at) AS last_seen,
       MAX(msg) AS example_msg
  FROM sync_outcome
 WHERE outcome <> 'SUCCEEDED' AND recorded_at > CURRENT_TIMESTAMP - INTERVAL '7' DAY
 GROUP BY outcome, code;

-- Changes that need a person: attempts exhausted, or still waiting after a day.
CREATE OR REPLACE VIEW contact_sync_stuck AS
SELECT change_id, customer_id, external_id, sync_state, attempts, last_code, last_message, created_at,
       CASE WHEN sync_state = 'EXHAUSTED' THEN 'attempts exhausted' ELSE 'waiting over a day' END AS why
  FROM contact_change
 WHERE sync_state = 'EXHAUSTED'
    OR (sync_state IN ('PENDING', 'FAILED') AND created_at <= CURRENT_TIMESTAMP - INTERVAL '1' DAY);
