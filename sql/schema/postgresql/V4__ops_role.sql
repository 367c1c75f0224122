-- A read-only role for ops. Creating a role needs CREATEROLE; without it the migration goes on
-- and says so (a DBA can run this block by hand).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'contact_sync_ops') THEN
        CREATE ROLE contact_sync_ops NOLOGIN;
    END IF;
    GRANT SELECT ON contact_change, sync_outcome, contact_sync_run, contact_sync_backlog,
        contact_sync_failures_by_code, contact_sync_stuck, batch_job_instance, batch_job_execution,
        batch_job_execution_params, batch_step_execution TO contact_sync_ops;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'contact_sync_ops was not created or granted: the migrating user lacks the privilege';
END
$$;
