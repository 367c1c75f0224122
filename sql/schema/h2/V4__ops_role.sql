-- A read-only role for ops.
CREATE ROLE IF NOT EXISTS contact_sync_ops;
GRANT SELECT ON contact_change, sync_outcome, contact_sync_run, contact_sync_backlog, contact_sync_failures_by_code,
    contact_sync_stuck, batch_job_instance, batch_job_execution, batch_job_execution_params, batch_step_execution
    TO contact_sync_ops;
