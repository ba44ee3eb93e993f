package io.heartbeat.consumer.config;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.heartbeat.config.UnsupportedPostgresException;
import io.heartbeat.consumer.ConsumerApplication;
import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The check against the real test server: it migrates what it may, and refuses, before any migration, a server
 * older than its minimum (here a minimum above the test server's own version, as no older server is at hand).
 */
class SchemaMigrationIntegrationTests {

    private final TestPostgres.Database database = TestPostgres.freshDatabase();

    @Test
    void migratesAServerOfTheMinimumVersionOrLater() throws SQLException {
        new SchemaMigration(SchemaMigration.MINIMUM_MAJOR_VERSION, false).migrate(this.database.flyway());

        assertThat(query("SELECT max(version::int) FROM flyway_schema_history")).isEqualTo("11");
    }

    @Test
    void refusesAnOlderServerBeforeAnyMigration() throws SQLException {
        int serverMajor = Integer.parseInt(query("SELECT current_setting('server_version_num')")) / 10000;
        String serverVersion = query("SELECT current_setting('server_version')");

        assertThatExceptionOfType(UnsupportedPostgresException.class)
            .isThrownBy(() -> new SchemaMigration(serverMajor + 1, false).migrate(this.database.flyway()))
            .withMessage("PostgreSQL " + serverVersion + " is older than the " + (serverMajor + 1)
                    + " the consumer needs (MATERIALIZED CTEs)");
        assertThat(query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isEqualTo("0");
    }

    @Test
    void isHowTheConsumerRunsItsMigrations() {
        SpringApplication application = ConsumerApplication.application();
        application.setAdditionalProfiles(ConsumerApplication.INIT_DB_PROFILE);
        try (ConfigurableApplicationContext context = application.run(
                "--spring.datasource.url=" + this.database.jdbcUrl(),
                "--spring.datasource.username=" + this.database.user(),
                "--spring.datasource.password=" + this.database.password())) {
            assertThat(context.getBean(FlywayMigrationStrategy.class)).isInstanceOf(SchemaMigration.class);
        }
    }

    private String query(String sql) throws SQLException {
        try (Connection connection = this.database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
