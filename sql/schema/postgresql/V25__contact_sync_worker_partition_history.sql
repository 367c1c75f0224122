-- Which worker executed which partition, kept after the partition ends (status and the run's
-- summary name them): a claim is no longer deleted when its partition ends but gets its ended_at.
-- A claim is exclusive (one row per BATCH_STEP_EXECUTION.STEP_EXECUTION_ID, inserted once): a
-- worker that finds the partition claimed by another drops the request.
ALTER TABLE contact_sync_worker_partition ADD COLUMN ended_at TIMESTAMP WITH TIME ZONE;
