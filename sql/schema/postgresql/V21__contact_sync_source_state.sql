-- Source mode (contact-sync.source.relation): per key of the company's contact table or view, the
-- row as the last capture took it. Each capture compares the source with it: new keys and rows
-- that differ become contact_change rows carrying the fields that changed (and the fields a failed
-- change still owes); unchanged rows produce nothing. The data columns are contact_change's, with its
-- types (the list columns are JSONB, as in contact_change).
-- Keep sql/schema/h2/V21__contact_sync_source_state.sql in step.
CREATE TABLE contact_sync_source_state (
    source_key      VARCHAR(128) NOT NULL PRIMARY KEY,  -- the value of contact-sync.source.key
    customer_id     VARCHAR(64),
    external_id     VARCHAR(128),
    remark          VARCHAR(255),
    category_id     VARCHAR(64),
    corp_id         VARCHAR(64),
    corp_full_name  VARCHAR(255),
    position        VARCHAR(255),
    source          VARCHAR(128),
    prov_city       VARCHAR(255),
    address         VARCHAR(1000),
    birthday        DATE,
    email           VARCHAR(255),
    gender          SMALLINT,
    description     TEXT,
    age             INT,
    national        VARCHAR(64),
    nationality     VARCHAR(64),
    education       VARCHAR(8),
    major           VARCHAR(255),
    id_card         VARCHAR(64),
    wx              VARCHAR(128),
    qq              VARCHAR(64),
    owner           VARCHAR(64),
    pool            VARCHAR(64),
    reason          VARCHAR(64),
    status          VARCHAR(64),
    mobiles         JSONB,
    custom_fields   JSONB,
    tags            JSONB,
    share_uids      JSONB,
    first_seen_at   TIMESTAMP WITH TIME ZONE NOT NULL,  -- the capture that first saw the key
    captured_at     TIMESTAMP WITH TIME ZONE NOT NULL,  -- the capture that last took a change of the row
    gone_at         TIMESTAMP WITH TIME ZONE,           -- gone from the source since (NULL: present)
    resync          BOOLEAN DEFAULT FALSE NOT NULL      -- 'resync': the next capture sends the row whole
);
CREATE INDEX contact_sync_source_state_gone_idx ON contact_sync_source_state (gone_at);

-- Each key's own changes in order, for the fields a failed change still owes (any state): the
-- capture looks them up by key.
CREATE INDEX contact_change_external_key_idx ON contact_change (external_id, change_id);
CREATE INDEX contact_change_customer_key_idx ON contact_change (customer_id, change_id);
