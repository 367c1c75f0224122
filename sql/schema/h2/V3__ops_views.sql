-- One row per run (job execution) of contactSyncJob with its items per outcome.
-- Used by the `status` command; ops can query it directly.
CREATE OR REPLACE VIEW contact_sync_run AS
SELECT e.job_execution_id,
       i.job_instance_id,
       p.parameter_value                                              AS run_date,
       e.status,
       e.exit_code,
       e.start_time,
       e.end_time,
       COUNT(DISTINCT o.call_id)                                      AS calls,
       COUNT(o.outcome_id)                                            AS items,
       COALESCE(SUM(CASE WHEN o.outcome = 'SUCCEEDED' THEN 1 ELSE 0 END), 0) AS items_succeeded,
       COALESCE(SUM(CASE WHEN o.outcome = 'FAILED' THEN 1 ELSE 0 END), 0)    AS items_failed,
       COALESCE(SUM(CASE WHEN o.outcome = 'REJECTED' THEN 1 ELSE 0 END), 0)  AS items_rejected,
       COALESCE(SUM(CASE WHEN o.outcome = 'UNKNOWN' THEN 1 ELSE 0 END), 0)   AS items_unknown,
       e.exit_message
  FROM batch_job_execution e
  JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
  LEFT JOIN batch_job_execution_params p
         ON p.job_execution_id = e.job_execution_id AND p.parameter_name = 'runDate'
  LEFT JOIN sync_outcome o ON o.job_execution_id = e.job_execution_id
 WHERE i.job_name = 'contactSyncJob'
 GROUP BY e.job_execution_id, i.job_instance_id, p.parameter_value, e.status, e.exit_code, e.start_time,
          e.end_time, e.exit_message;
