-- The contract for upstream writers, as on PostgreSQL (sql/schema/postgresql/V5__contact_change_guard.sql
-- explains it): a change's data cannot be updated while it is PENDING, FAILED or SYNCED, and a PENDING
-- or FAILED change cannot be deleted. H2 runs triggers written in Java.
CREATE TRIGGER contact_change_guard BEFORE UPDATE, DELETE ON contact_change FOR EACH ROW
    CALL 'com.example.contactsync.schema.ContactChangeGuard';
