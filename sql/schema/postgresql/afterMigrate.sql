-- The grants of contact-sync's two roles, applied after every migration (a Flyway callback: it runs
-- whether or not a migration was pending) and by a DBA at any time. Idempotent, and it grants only
-- what is missing, so the many runs that find everything in place change nothing.
--   contact_sync_app  the runtime role: the job's login is a member. Reads and writes every table of
--                     the schema and uses its sequences; owns nothing, so it cannot drop or alter
--                     anything. The schema history it may only read (the commands check the version).
--   contact_sync_ops  read-only: the ops views and the tables they are made of (sql/ops/queries.sql).
-- A role that does not exist is left out without an error: the migrating login (the database's
-- owner) usually cannot create roles; a DBA creates them with sql/roles/postgresql-roles.sql, and the
-- next run, or this file run by hand, grants them. By hand, on the schema that holds contact_change:
--   psql -d crm -c 'SET search_path TO contact_sync' -f sql/schema/postgresql/afterMigrate.sql
-- (or PGOPTIONS='-c search_path=contact_sync'; the schema's owner, or a superuser, runs it).
DO $$
DECLARE
    target  regnamespace := (SELECT relnamespace::regnamespace FROM pg_class WHERE oid = to_regclass('contact_change'));
    ops_relations text[] := ARRAY['contact_change', 'sync_outcome', 'contact_sync_run', 'contact_sync_backlog',
        'contact_sync_failures_by_code', 'contact_sync_stuck', 'batch_job_instance', 'batch_job_execution',
        'batch_job_execution_params', 'batch_step_execution', 'contact_sync_partition', 'contact_sync_worker',
        'contact_sync_worker_partition', 'contact_sync_runner', 'contact_sync_capture', 'contact_sync_console_action',
        'contact_sync_rate_limited'];
    relation record;
BEGIN
    IF target IS NULL THEN
        RAISE EXCEPTION 'contact_change is not on the search_path: set it to the schema of contact-sync''s tables';
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'contact_sync_app') THEN
        IF NOT has_schema_privilege('contact_sync_app', target::oid, 'USAGE') THEN
            EXECUTE format('GRANT USAGE ON SCHEMA %s TO contact_sync_app', target);
        END IF;
        FOR relation IN
            SELECT c.oid::regclass AS name, c.relkind, c.relname
            FROM pg_class c
            WHERE c.relnamespace = target::oid AND c.relkind IN ('r', 'p', 'v', 'S')
              -- contact-sync's own relations only: the schema may hold the company's tables too
              AND (c.relname IN ('contact_change', 'sync_outcome', 'flyway_schema_history')
                   OR c.relname LIKE 'contact\_sync\_%' OR c.relname LIKE 'batch\_%' OR c.relname LIKE 'int\_%')
        LOOP
            IF relation.relkind = 'S' THEN
                IF NOT (has_sequence_privilege('contact_sync_app', relation.name::oid, 'USAGE')
                        AND has_sequence_privilege('contact_sync_app', relation.name::oid, 'SELECT')
                        AND has_sequence_privilege('contact_sync_app', relation.name::oid, 'UPDATE')) THEN
                    EXECUTE format('GRANT USAGE, SELECT, UPDATE ON SEQUENCE %s TO contact_sync_app', relation.name);
                END IF;
            ELSIF relation.relkind = 'v' OR relation.relname = 'flyway_schema_history' THEN
                IF NOT has_table_privilege('contact_sync_app', relation.name::oid, 'SELECT') THEN
                    EXECUTE format('GRANT SELECT ON %s TO contact_sync_app', relation.name);
                END IF;
            -- (a list of privileges asks for any of them, hence one call each)
            ELSIF NOT (has_table_privilege('contact_sync_app', relation.name::oid, 'SELECT')
                    AND has_table_privilege('contact_sync_app', relation.name::oid, 'INSERT')
                    AND has_table_privilege('contact_sync_app', relation.name::oid, 'UPDATE')
                    AND has_table_privilege('contact_sync_app', relation.name::oid, 'DELETE')) THEN
                EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO contact_sync_app', relation.name);
            END IF;
        END LOOP;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'contact_sync_ops') THEN
        IF NOT has_schema_privilege('contact_sync_ops', target::oid, 'USAGE') THEN
            EXECUTE format('GRANT USAGE ON SCHEMA %s TO contact_sync_ops', target);
        END IF;
        FOR relation IN
            SELECT c.oid::regclass AS name
            FROM pg_class c
            WHERE c.relnamespace = target::oid AND c.relname = ANY (ops_relations)
        LOOP
            IF NOT has_table_privilege('contact_sync_ops', relation.name::oid, 'SELECT') THEN
                EXECUTE format('GRANT SELECT ON %s TO contact_sync_ops', relation.name);
            END IF;
        END LOOP;
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'contact-sync could not grant its roles their rights: %', SQLERRM;
END
$$;
