-- Source mode (contact-sync.source.relation): per key of the company's contact table or view, the
-- row as the last capture took it. Each capture compares the source with it: new keys and rows
-- that differ become contact_change rows carrying the fields that changed (and the fields a failed
-- change still owes); unchanged rows produce nothing. The data columns are contact_change's, with
-- its types on each database (JSONB lists on PostgreSQL, text on H2): copied from it here.
CREATE TABLE contact_sync_source_state AS
SELECT CAST(NULL AS VARCHAR(128)) AS source_key,        -- the value of contact-sync.source.key
       customer_id, external_id, remark, category_id, corp_id, corp_full_name, position, source,
       prov_city, address, birthday, email, gender, description, age, national, nationality,
       education, major, id_card, wx, qq, owner, pool, reason, status,
       mobiles, custom_fields, tags, share_uids
  FROM contact_change
  WITH NO DATA;
ALTER TABLE contact_sync_source_state ALTER COLUMN source_key SET NOT NULL;
ALTER TABLE contact_sync_source_state ADD PRIMARY KEY (source_key);
-- the capture that first saw the key, and the one that last took a change of its row
ALTER TABLE contact_sync_source_state ADD COLUMN first_seen_at TIMESTAMP WITH TIME ZONE NOT NULL;
ALTER TABLE contact_sync_source_state ADD COLUMN captured_at TIMESTAMP WITH TIME ZONE NOT NULL;
-- gone from the source since (NULL: present)
ALTER TABLE contact_sync_source_state ADD COLUMN gone_at TIMESTAMP WITH TIME ZONE;
-- 'resync': the next capture sends the row whole
ALTER TABLE contact_sync_source_state ADD COLUMN resync BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX contact_sync_source_state_gone_idx ON contact_sync_source_state (gone_at);

-- Each key's own changes in order, for the fields a failed change still owes (any state): the
-- capture looks them up by key.
CREATE INDEX contact_change_external_key_idx ON contact_change (external_id, change_id);
CREATE INDEX contact_change_customer_key_idx ON contact_change (customer_id, change_id);
