-- The partition whose call carried each item, so that a contact's page (/console/contacts?key=...)
-- says for every call which partition made it and links to that partition on its run's page. It is
-- the partition's step execution (BATCH_STEP_EXECUTION.STEP_EXECUTION_ID: partition1of4's of its run,
-- or the run's one step when the run is not partitioned), written in the same INSERT as the rest of
-- the row. NULL in the rows recorded before this version (the page shows "-"). No index: it is read
-- with the row, found by change_id. The grants on sync_outcome are the table's, so they cover it.
ALTER TABLE sync_outcome ADD COLUMN step_execution_id BIGINT;
