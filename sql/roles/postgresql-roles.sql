-- For a DBA (a login with CREATEROLE, or a superuser): contact-sync's roles, and the grants on its
-- tables. Idempotent: run it again at any time. contact-sync itself runs without CREATEROLE; until
-- these roles exist, its migrations leave them out and say so in one log line.
--
--   psql -d crm -v schema=contact_sync -f sql/roles/postgresql-roles.sql
--
-- (schema: where contact-sync's tables are, the schema of spring.flyway.schemas; default public.)
-- Then make the logins members, for example:
--   CREATE ROLE contact_sync_runtime LOGIN PASSWORD '...' IN ROLE contact_sync_app;
--   GRANT contact_sync_ops TO alice;
\if :{?schema}
\else
    \set schema public
\endif

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'contact_sync_app') THEN
        CREATE ROLE contact_sync_app NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'contact_sync_ops') THEN
        CREATE ROLE contact_sync_ops NOLOGIN;
    END IF;
END
$$;

-- The grants, when the tables exist already (else the first run applies them after it migrates).
SELECT set_config('search_path', :'schema', false);
SELECT to_regclass('contact_change') IS NOT NULL AS migrated \gset
\if :migrated
    \ir ../schema/postgresql/afterMigrate.sql
\else
    \echo 'contact-sync has not migrated schema' :'schema' 'yet: its first run grants these roles their rights.'
\endif
