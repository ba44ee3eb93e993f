package io.heartbeat.consumer.config;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

import io.heartbeat.config.UnsupportedPostgresException;
import io.heartbeat.consumer.ConsumerApplication;
import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * Migrates only a PostgreSQL the consumer can run on, 12 or later (docs/consumer.md#settings): Flyway alone would
 * migrate a 10 or 11 on which every batch with a valid reading then fails. And only a schema that is the
 * consumer's own or empty: the original project's tables stop start-up, unless {@code --import-original} is given,
 * which moves them aside and copies their rows in ({@link OriginalTables}).
 */
@Component
class SchemaMigration implements FlywayMigrationStrategy {

    static final int MINIMUM_MAJOR_VERSION = 12;

    private final int minimumMajorVersion;

    private final boolean importOriginal;

    @Autowired
    SchemaMigration(ApplicationArguments arguments) {
        this(MINIMUM_MAJOR_VERSION, arguments.containsOption(ConsumerApplication.IMPORT_ORIGINAL_OPTION));
    }

    SchemaMigration(int minimumMajorVersion, boolean importOriginal) {
        this.minimumMajorVersion = minimumMajorVersion;
        this.importOriginal = importOriginal;
    }

    @Override
    public void migrate(Flyway flyway) {
        try (Connection connection = flyway.getConfiguration().getDataSource().getConnection()) {
            DatabaseMetaData server = connection.getMetaData();
            if (server.getDatabaseMajorVersion() < this.minimumMajorVersion) {
                throw new UnsupportedPostgresException(server.getDatabaseProductVersion(), this.minimumMajorVersion,
                        "MATERIALIZED CTEs");
            }
            OriginalTables original = OriginalTables.find(connection, flyway.getConfiguration().getTable());
            if (!this.importOriginal) {
                original.refuseUnlessMigrated();
                flyway.migrate();
                return;
            }
            original.moveAside(connection);
            flyway.migrate();
            original.copyIn(connection);
        }
        catch (SQLException ex) {
            throw new DataAccessResourceFailureException("Could not prepare PostgreSQL's schema", ex);
        }
    }
}
