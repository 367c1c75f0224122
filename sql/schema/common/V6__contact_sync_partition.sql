-- Which partition of a run sends which change, when a run is split into partitions
-- (contact-sync.concurrency > 1): written once when the run's job instance first starts, read by
-- each partition's reader, kept for the instance's restarts and deleted when it completes. All
-- changes of one contact — linked through customer_id or external_id, also through a chain of
-- changes — share a partition, so they never travel in two calls at once.
CREATE TABLE contact_sync_partition (
    job_instance_id  BIGINT NOT NULL,      -- BATCH_JOB_INSTANCE.JOB_INSTANCE_ID: one split per run date
    change_id        BIGINT NOT NULL,
    partition_no     INT NOT NULL,         -- 0 .. grid size - 1
    CONSTRAINT contact_sync_partition_pk PRIMARY KEY (job_instance_id, change_id)
);
-- a partition's reader walks its changes in change_id order
CREATE INDEX contact_sync_partition_read_idx ON contact_sync_partition (job_instance_id, partition_no, change_id);
-- contact_sync_ops reads it: granted after each migration (afterMigrate.sql of each database), when
-- the role exists.
