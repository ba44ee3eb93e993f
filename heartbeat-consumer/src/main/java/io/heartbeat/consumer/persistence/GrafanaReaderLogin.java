package io.heartbeat.consumer.persistence;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether grafana_reader, the login of Grafana's PostgreSQL datasource, exists and may read both tables: the
 * consumer migrates and stores readings without it (a user without CREATEROLE cannot create it), so its start-up
 * report says what the dashboards lack.
 */
@Component
public class GrafanaReaderLogin {

    // CASE evaluates in order: the privilege functions fail for a role that does not exist.
    private static final String STATE = """
            SELECT CASE
                WHEN NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'grafana_reader') THEN 'missing'
                WHEN NOT (SELECT rolcanlogin FROM pg_catalog.pg_roles WHERE rolname = 'grafana_reader')
                    THEN 'not allowed to log in'
                WHEN NOT (has_database_privilege('grafana_reader', current_database(), 'CONNECT')
                        AND has_schema_privilege('grafana_reader', 'public', 'USAGE')
                        AND has_table_privilege('grafana_reader', 'heartbeats', 'SELECT')
                        AND has_table_privilege('grafana_reader', 'heartbeat_alerts', 'SELECT'))
                    THEN 'not granted SELECT on heartbeats and heartbeat_alerts'
                ELSE 'ready' END
            """;

    private final JdbcTemplate jdbc;

    GrafanaReaderLogin(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code ready}, or what keeps the dashboards from reading: {@code missing}, say. */
    public String state() {
        try {
            return this.jdbc.queryForObject(STATE, String.class);
        }
        catch (DataAccessException ex) {
            return "unknown (" + ex.getMostSpecificCause().getMessage() + ")";
        }
    }
}
