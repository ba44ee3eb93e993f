package io.heartbeat.local;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.ports.LocalPorts;
import io.heartbeat.local.postgres.EmbeddedPostgresServer;
import org.postgresql.ds.PGSimpleDataSource;

/** Reads what a finished local run left behind, by starting its PostgreSQL again on the same data directory. */
final class StoredRuns {

    private StoredRuns() {
    }

    /** The rows of {@code heartbeats} in the run whose data folder is {@code dataDir}, read on a free port. */
    static long heartbeatRows(Path dataDir) throws Exception {
        PostgresSettings settings = new PostgresSettings("localhost", LocalPorts.anyFree(), "heartbeat_db",
                "heartbeat_user", "heartbeat_pass", 10);
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir.resolve("postgres"), settings)) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(postgres.settings().jdbcUrl());
            dataSource.setUser(settings.user());
            dataSource.setPassword(settings.password());
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT count(*) FROM heartbeats")) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
