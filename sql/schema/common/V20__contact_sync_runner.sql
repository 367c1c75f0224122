-- The processes that run the job (run, restart, serve): each inserts its row when it takes the run
-- lock, renews heartbeat_at every contact-sync.run.heartbeat-interval from a thread of its own, and
-- deletes the row when it lets the lock go. A dropped lock connection does not fake it: 'run' and
-- 'recover' take a run for alive while its process's row is younger than contact-sync.run.lost-after
-- (or, on the same host, while that pid lives), and never mark a live run FAILED. Times are the
-- database's clock (CURRENT_TIMESTAMP, with its time zone: a session's zone, the JVM's, never shifts
-- an age), so the machines' clocks never meet.
CREATE TABLE contact_sync_runner (
    runner_id     VARCHAR(100) NOT NULL PRIMARY KEY,  -- host:pid:random
    host          VARCHAR(255) NOT NULL,
    pid           BIGINT NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
