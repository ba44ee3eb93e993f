-- grafana_reader: the login of Grafana's PostgreSQL datasource. Grafana runs whatever SQL a panel holds and does
-- not check it is safe, so this role may read the tables the dashboards read (heartbeats, heartbeat_alerts,
-- heartbeat_minutes, heartbeat_five_minutes, patient_alarms) and do nothing else: not even patient_alarm_state, the
-- consumer's detector state.
--
-- A Flyway callback, run after every migrate (every start of the consumer, and --init-db), not once:
-- - its password follows GRAFANA_READER_PASSWORD (the placeholder grafana_reader_password) on every start where
--   this user may alter the role;
-- - a user without CREATEROLE, common on managed services, still migrates and stores readings: the role is
--   skipped with one warning giving the SQL an administrator runs, and the next start grants it what it needs.
-- Roles belong to the server, not to one database: the role may exist already (another database of the same
-- server, or an administrator created it).
DO $reader$
DECLARE
    -- Dollar-quoted, so a password may hold quotes. The space is cut off again: Flyway leaves a placeholder right
    -- after a '$' as it is, which until issue 17 made the password the placeholder's own text.
    reader_password text := substr($password$ ${grafana_reader_password}$password$, 2);
    database_name text := current_database();
BEGIN
    -- Any other failure is one warning too: Grafana's login must never stop ingestion, and Flyway would quote this
    -- statement, password included, in the error it logs.
    BEGIN
        -- Consumers starting together would update the same catalog rows at once ("tuple concurrently updated").
        PERFORM pg_advisory_xact_lock(hashtext('heartbeat:grafana_reader'));
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'grafana_reader') THEN
            BEGIN
                EXECUTE format('CREATE ROLE grafana_reader LOGIN PASSWORD %L', reader_password);
            EXCEPTION WHEN insufficient_privilege THEN
                RAISE WARNING 'Role grafana_reader does not exist and % may not create roles: readings are stored, but'
                    ' Grafana''s dashboards have no login until an administrator runs: CREATE ROLE grafana_reader LOGIN'
                    ' PASSWORD ''<GRAFANA_READER_PASSWORD>''; GRANT CONNECT ON DATABASE % TO grafana_reader; and the'
                    ' consumer grants it the rest on its next start (docs/consumer.md#grafanas-login)',
                    current_user, quote_ident(database_name);
                RETURN;
            END;
        ELSE
            BEGIN
                EXECUTE format('ALTER ROLE grafana_reader LOGIN PASSWORD %L', reader_password);
            EXCEPTION WHEN insufficient_privilege THEN
                RAISE NOTICE 'Role grafana_reader exists and % may not alter it: its password stays as an administrator'
                    ' set it, which GRAFANA_READER_PASSWORD has to match', current_user;
            END;
        END IF;
        -- Each grant only where this user may give it, so that none fails the start. CONNECT and USAGE on public are
        -- PUBLIC's by default; granted explicitly anyway where possible, so revoking them from PUBLIC keeps the reader.
        IF has_database_privilege(database_name, 'CONNECT WITH GRANT OPTION') THEN
            EXECUTE format('GRANT CONNECT ON DATABASE %I TO grafana_reader', database_name);
        END IF;
        IF has_schema_privilege('public', 'USAGE WITH GRANT OPTION') THEN
            GRANT USAGE ON SCHEMA public TO grafana_reader;
        END IF;
        IF has_table_privilege('heartbeats', 'SELECT WITH GRANT OPTION')
                AND has_table_privilege('heartbeat_alerts', 'SELECT WITH GRANT OPTION') THEN
            GRANT SELECT ON heartbeats, heartbeat_alerts TO grafana_reader;
        END IF;
        -- The per-minute rollup the long-range panels read (V6); to_regclass, so a migrate that stops short of V6
        -- (flyway target) still grants the rest.
        IF to_regclass('heartbeat_minutes') IS NOT NULL
                AND has_table_privilege('heartbeat_minutes', 'SELECT WITH GRANT OPTION') THEN
            GRANT SELECT ON heartbeat_minutes TO grafana_reader;
        END IF;
        -- Its 5 minutes (V10): 'Live heart rate per patient' over long ranges.
        IF to_regclass('heartbeat_five_minutes') IS NOT NULL
                AND has_table_privilege('heartbeat_five_minutes', 'SELECT WITH GRANT OPTION') THEN
            GRANT SELECT ON heartbeat_five_minutes TO grafana_reader;
        END IF;
        -- The clinical alarms (V8): the alarms panel, its annotations and the 'Open alarm' rule.
        IF to_regclass('patient_alarms') IS NOT NULL
                AND has_table_privilege('patient_alarms', 'SELECT WITH GRANT OPTION') THEN
            GRANT SELECT ON patient_alarms TO grafana_reader;
        END IF;
    EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'Could not manage role grafana_reader, Grafana''s login: % (SQLSTATE %)', SQLERRM, SQLSTATE;
    END;
END
$reader$;
