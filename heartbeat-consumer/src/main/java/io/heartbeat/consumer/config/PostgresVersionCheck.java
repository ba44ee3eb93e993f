package io.heartbeat.consumer.config;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

import io.heartbeat.config.UnsupportedPostgresException;
import org.flywaydb.core.Flyway;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * Migrates only a PostgreSQL the consumer can run on, 12 or later (docs/consumer.md#settings): Flyway alone would
 * migrate a 10 or 11 on which every batch with a valid reading then fails.
 */
@Component
class PostgresVersionCheck implements FlywayMigrationStrategy {

    static final int MINIMUM_MAJOR_VERSION = 12;

    private final int minimumMajorVersion;

    PostgresVersionCheck() {
        this(MINIMUM_MAJOR_VERSION);
    }

    PostgresVersionCheck(int minimumMajorVersion) {
        this.minimumMajorVersion = minimumMajorVersion;
    }

    @Override
    public void migrate(Flyway flyway) {
        try (Connection connection = flyway.getConfiguration().getDataSource().getConnection()) {
            DatabaseMetaData server = connection.getMetaData();
            if (server.getDatabaseMajorVersion() < this.minimumMajorVersion) {
                throw new UnsupportedPostgresException(server.getDatabaseProductVersion(), this.minimumMajorVersion,
                        "MATERIALIZED CTEs");
            }
        }
        catch (SQLException ex) {
            throw new DataAccessResourceFailureException("Could not read the PostgreSQL server's version", ex);
        }
        flyway.migrate();
    }
}
