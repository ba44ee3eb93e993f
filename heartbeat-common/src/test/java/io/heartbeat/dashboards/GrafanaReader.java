package io.heartbeat.dashboards;

import javax.sql.DataSource;

import io.heartbeat.testsupport.TestPostgres;

/**
 * The login of Grafana's PostgreSQL datasource, made by afterMigrate__grafana_reader_role.sql: dashboards and alert
 * rules are run as it.
 */
public final class GrafanaReader {

    static final String ROLE = "grafana_reader";

    private GrafanaReader() {
    }

    /** Connections to {@code database} as grafana_reader, with the password the test base migrates with. */
    public static DataSource dataSource(TestPostgres.Database database) {
        return new TestPostgres.Database(database.host(), database.port(), database.name(), ROLE,
                TestPostgres.GRAFANA_READER_PASSWORD)
            .dataSource();
    }
}
