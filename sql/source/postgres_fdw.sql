-- Source mode from another PostgreSQL database (postgres_fdw, which ships with PostgreSQL): the
-- company's contact table stays where it is; contact-sync reads it through a foreign table and a
-- view that maps its columns to contact_change's names. Run once, as the owner of contact-sync's
-- schema, in contact-sync's database (CREATE EXTENSION needs a superuser once, or PostgreSQL 13+'s
-- trusted-extension rules):
--   psql -d contact_sync -v crm_host=crm-db.internal -v crm_port=5432 -v crm_db=crm \
--        -v crm_user=contact_sync_reader -v crm_password='...' -f sql/source/postgres_fdw.sql
-- then run contact-sync with CONTACT_SYNC_SOURCE_RELATION=contact_source.
-- The remote login (crm_user) needs only SELECT on the table. Adapt the view to your columns: one row
-- per contact, a key (external_id here), contact_change's column names, the lists as jsonb.
CREATE EXTENSION IF NOT EXISTS postgres_fdw;

CREATE SERVER IF NOT EXISTS crm_server FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host :'crm_host', port :'crm_port', dbname :'crm_db', fetch_size '10000');

-- The view is read with its owner's rights, so its owner's user mapping is the one used.
CREATE USER MAPPING IF NOT EXISTS FOR CURRENT_USER SERVER crm_server
    OPTIONS (user :'crm_user', password :'crm_password');

CREATE SCHEMA IF NOT EXISTS crm_remote;
IMPORT FOREIGN SCHEMA public LIMIT TO (customer) FROM SERVER crm_server INTO crm_remote;

CREATE OR REPLACE VIEW contact_source AS
SELECT c.customer_no                                    AS external_id,
       c.note                                           AS remark,
       lower(c.email)                                   AS email,
       c.birth_date                                     AS birthday,
       CASE WHEN c.mobile_phone IS NOT NULL
            THEN jsonb_build_array(jsonb_build_object('tel', c.mobile_phone, 'type', 'mobile'))
       END                                              AS mobiles
  FROM crm_remote.customer c
 WHERE NOT c.is_test;

-- The job's login reads the view; the foreign table behind it is read with the view owner's rights.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'contact_sync_app') THEN
        GRANT SELECT ON contact_source TO contact_sync_app;
    END IF;
END
$$;
