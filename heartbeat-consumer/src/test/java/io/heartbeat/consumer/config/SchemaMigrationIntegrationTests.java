package io.heartbeat.consumer.config;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.heartbeat.config.UnsupportedPostgresException;
import io.heartbeat.consumer.ConsumerApplication;
import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

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

        assertThat(query("SELECT max(version::int) FROM flyway_schema_history")).isEqualTo("12");
    }

    /**
     * Consumers started together on an empty database (a group scaled out, the benchmark's --consumers=2): each
     * inspects the schema while another may be migrating it, and every one of them starts. Read in two statements,
     * one saw no history table and then the first migration's tables, and stopped as if they were the original
     * project's (once in a CI run of the benchmark's test).
     */
    @Test
    void consumersStartingTogetherOnAnEmptyDatabaseAllMigrate() throws Exception {
        ExecutorService starts = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 10; round++) {
                TestPostgres.Database empty = TestPostgres.freshDatabase();
                CyclicBarrier together = new CyclicBarrier(4);
                List<Future<?>> started = new ArrayList<>();
                for (int consumer = 0; consumer < 4; consumer++) {
                    started.add(starts.submit(() -> {
                        together.await();
                        new SchemaMigration(SchemaMigration.MINIMUM_MAJOR_VERSION, false).migrate(empty.flyway());
                        return null;
                    }));
                }
                for (Future<?> start : started) {
                    start.get(60, TimeUnit.SECONDS);
                }
                assertThat(new JdbcTemplate(empty.dataSource()).queryForObject("SELECT count(*) FROM"
                        + " flyway_schema_history WHERE success AND version IS NOT NULL", Integer.class)).isEqualTo(12);
            }
        }
        finally {
            starts.shutdownNow();
        }
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
