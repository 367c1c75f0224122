-- Everyday queries for ops, on PostgreSQL and H2 (the same text runs on both).
-- Connect as a user granted the read-only role contact_sync_ops. Example output: README.md.

-- 1. The last ten runs, with Spring Batch's counts and items per outcome.
SELECT job_execution_id, run_date, status, start_time, end_time, commit_count, rollback_count, calls,
       items, items_succeeded, items_failed, items_rejected, items_unknown
  FROM contact_sync_run
 ORDER BY job_execution_id DESC
 FETCH FIRST 10 ROWS ONLY;

-- 2. The backlog by state and age.
SELECT * FROM contact_sync_backlog ORDER BY sync_state;

-- 3. What failed in the last 7 days, by Dustess code.
SELECT * FROM contact_sync_failures_by_code ORDER BY items DESC;

-- 4. Changes that need a person.
SELECT * FROM contact_sync_stuck ORDER BY change_id;

-- 5. One change's history: put its change_id in place of 25 (in the sandbox demo, change 25 failed
--    with 13001 "customer not found", as `show --change=25` in the README shows).
SELECT o.job_execution_id, r.run_date, o.step_execution_id, o.outcome, o.code, o.msg, o.contact_id,
       o.recorded_at
  FROM sync_outcome o JOIN contact_sync_run r ON r.job_execution_id = o.job_execution_id
 WHERE o.change_id = 25
 ORDER BY o.outcome_id;

-- 6. Why did the newest failed run fail?
SELECT job_execution_id, run_date, exit_message
  FROM contact_sync_run WHERE status IN ('FAILED', 'STOPPED')
 ORDER BY job_execution_id DESC FETCH FIRST 1 ROWS ONLY;
