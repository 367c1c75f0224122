-- For a DBA (a login with CREATEROLE, or a superuser): contact-sync's two roles. Idempotent.
-- contact-sync itself migrates and runs without CREATEROLE; until these roles exist, its migrations
-- leave them out and say so in one log line. Once they exist, the next run (or 'contact-sync migrate')
-- grants them their rights, or right away, on the schema of contact-sync's tables:
--
--   psql -d crm -f sql/roles/postgresql-roles.sql \
--        -c 'SET search_path TO contact_sync' -f sql/schema/postgresql/afterMigrate.sql
--
--   contact_sync_app  the runtime role: DML on every table of the schema, its sequences; no DDL.
--   contact_sync_ops  read-only: the ops views and the tables they are made of.
-- Then make logins members, for example:
--   CREATE ROLE contact_sync_runtime LOGIN PASSWORD '...' IN ROLE contact_sync_app;
--   GRANT contact_sync_ops TO alice;
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
