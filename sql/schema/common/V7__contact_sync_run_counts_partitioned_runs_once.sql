-- A run is split into partitions (contact-sync.concurrency): besides its manager step
-- (syncContactChanges) it has one step execution per partition (syncContactChangesPartition:...).
-- The manager sums its partitions' counts only when they have all ended (never, after kill -9):
-- count the partitions' steps, so a split run shows each change once, also while it runs.
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
               FROM batch_step_execution WHERE step_name LIKE 'syncContactChangesPartition:%' GROUP BY job_execution_id) s
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
