-- Remote partitioning (contact-sync.partitioning=remote): the tables that let a run's partitions be
-- executed by 'contact-sync worker' processes on other machines, through this database alone.

-- The queue the manager sends its partition requests through: Spring Integration's JDBC channel
-- message store (spring-integration-jdbc 7.0, org/springframework/integration/jdbc/schema-postgresql.sql,
-- the two objects a JdbcChannelMessageStore needs). Workers take a message with
-- DELETE ... FOR UPDATE SKIP LOCKED, so each request reaches one worker.
CREATE SEQUENCE INT_MESSAGE_SEQ START WITH 1 INCREMENT BY 1 NO CYCLE;

CREATE TABLE INT_CHANNEL_MESSAGE (
    MESSAGE_ID CHAR(36) NOT NULL,
    GROUP_KEY CHAR(36) NOT NULL,
    CREATED_DATE BIGINT NOT NULL,
    MESSAGE_PRIORITY BIGINT,
    MESSAGE_SEQUENCE BIGINT NOT NULL DEFAULT nextval('INT_MESSAGE_SEQ'),
    MESSAGE_CONTENT BYTEA,
    REGION VARCHAR(100) NOT NULL,
    CONSTRAINT INT_CHANNEL_MESSAGE_PK PRIMARY KEY (REGION, GROUP_KEY, CREATED_DATE, MESSAGE_SEQUENCE)
);
CREATE INDEX INT_CHANNEL_MSG_DELETE_IDX ON INT_CHANNEL_MESSAGE (REGION, GROUP_KEY, MESSAGE_ID);

-- The workers alive: each 'contact-sync worker' process inserts its row when it starts, renews
-- heartbeat_at (the database's clock) every contact-sync.remote.heartbeat-interval and deletes the
-- row when it stops. A row whose heartbeat is older than contact-sync.remote.lost-after is a dead
-- worker (kill -9, a lost machine): the manager fails the partitions it was executing.
CREATE TABLE contact_sync_worker (
    worker_id     VARCHAR(100) NOT NULL PRIMARY KEY,  -- host:pid:random
    host          VARCHAR(255) NOT NULL,
    pid           BIGINT NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Which worker executes which partition (BATCH_STEP_EXECUTION.STEP_EXECUTION_ID) right now.
CREATE TABLE contact_sync_worker_partition (
    step_execution_id  BIGINT NOT NULL PRIMARY KEY,
    worker_id          VARCHAR(100) NOT NULL,
    started_at         TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The API's rate ceiling shared by every process (dustess.rate-limit.shared, on with remote
-- partitioning): the latest calls of all processes, their start and, once ended, their end on the
-- database's clock. A call starts one window after the K-th latest arrival bound
-- (K = calls-per-second; a call's end, or now while it has no end), as the in-process gate does.
-- Holds the latest 2·K calls.
CREATE TABLE contact_sync_api_call (
    call_no     BIGSERIAL PRIMARY KEY,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,   -- the planned start
    ended_at    TIMESTAMP WITH TIME ZONE             -- until set, the call counts as arriving now
);

-- contact_sync_ops reads the workers and their partitions: granted after each migration
-- (afterMigrate.sql), when the role exists.
