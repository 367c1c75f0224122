-- The answers HTTP 429 ("too many requests") that each run's calls met, retries included: one row
-- per call that met any (none in a run that met none). Written by the job as it sees them, in a
-- transaction of its own, so that a call that failed as a whole keeps them; read by the console's
-- runs list, per run:
--   SELECT job_execution_id, SUM(answers) FROM contact_sync_rate_limited GROUP BY job_execution_id;
CREATE TABLE contact_sync_rate_limited (
    job_execution_id  BIGINT NOT NULL,
    call_id           VARCHAR(36) NOT NULL,   -- sync_outcome.call_id of the call's items, if it had an answer
    answers           INT NOT NULL,           -- HTTP 429 answers to the call, its retries included
    recorded_at       TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);
CREATE INDEX contact_sync_rate_limited_job_idx ON contact_sync_rate_limited (job_execution_id);
