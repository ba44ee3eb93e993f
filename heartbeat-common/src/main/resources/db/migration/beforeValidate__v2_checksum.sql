-- V2 used to create grafana_reader itself (afterMigrate__grafana_reader_role.sql does now). A database the old V2
-- migrated holds that text's checksum, and validate-on-migrate would refuse to start it against the new text.
-- This records the new checksum for exactly the old one, so any other change to an applied V2 still fails.
-- MigrationUpgradeIntegrationTests pins both numbers: edit V2 again and it says which to write here.
DO $checksum$
DECLARE
    history text := format('%I.%I', '${flyway:defaultSchema}', '${flyway:table}');
BEGIN
    IF to_regclass(history) IS NOT NULL THEN
        EXECUTE format('UPDATE %s SET checksum = 1968834404 WHERE version = %L AND checksum = -1080320165',
                history, '2');
    END IF;
END
$checksum$;
