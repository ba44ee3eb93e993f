-- grafana_reader: the login of Grafana's PostgreSQL datasource. Grafana runs whatever SQL a panel holds and does
-- not check it is safe, so this role may read the two tables and do nothing else.
-- Its password is the Flyway placeholder grafana_reader_password (GRAFANA_READER_PASSWORD). Flyway checksums
-- the script before placeholders are replaced: a new password never fails validation, but it is not applied
-- either once this migration has run (ALTER ROLE grafana_reader PASSWORD '...' by hand to rotate it).
--
-- Roles belong to the cluster, not to one database: the role may already exist (another database of the same
-- server, or a DBA created it). Then its password is reset, when this user may do so, and it is granted again.
-- A user without CREATEROLE cannot create the role: the migration stops with a hint, so a DBA creates it once,
-- after which this migration only grants.
DO $migration$
DECLARE
    reader_password text := $password$${grafana_reader_password}$password$;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'grafana_reader') THEN
        BEGIN
            EXECUTE format('CREATE ROLE grafana_reader LOGIN PASSWORD %L', reader_password);
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE EXCEPTION 'Role grafana_reader does not exist and % may not create roles', current_user
                USING HINT = 'Have a DBA run: CREATE ROLE grafana_reader LOGIN PASSWORD ''<GRAFANA_READER_PASSWORD>'';'
                    || ' then start again. Or give this user CREATEROLE.';
        END;
    ELSE
        BEGIN
            EXECUTE format('ALTER ROLE grafana_reader LOGIN PASSWORD %L', reader_password);
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'Role grafana_reader exists and % may not alter it: its password stays as it is', current_user;
        END;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO grafana_reader', current_database());
END
$migration$;

GRANT USAGE ON SCHEMA public TO grafana_reader;
GRANT SELECT ON heartbeats, heartbeat_alerts TO grafana_reader;

-- PostgreSQL before 15 lets every role (PUBLIC) create tables in schema public, so the reader could too.
-- This is the default of PostgreSQL 15 and later, where it changes nothing. Before 15 only the owner of schema
-- public (a superuser) may revoke it: run by another user it merely warns, and a DBA has to run it once.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
