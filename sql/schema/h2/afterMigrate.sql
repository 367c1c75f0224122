-- After every migration (a Flyway callback): the read-only role's grants on the tables that came after
-- V4__ops_role.sql. H2's role always exists (V4 creates it); PostgreSQL's file grants only when it does.
GRANT SELECT ON contact_sync_partition TO contact_sync_ops;
GRANT SELECT ON contact_sync_runner TO contact_sync_ops;
GRANT SELECT ON contact_sync_capture TO contact_sync_ops;
GRANT SELECT ON contact_sync_console_action TO contact_sync_ops;
GRANT SELECT ON contact_sync_rate_limited TO contact_sync_ops;
