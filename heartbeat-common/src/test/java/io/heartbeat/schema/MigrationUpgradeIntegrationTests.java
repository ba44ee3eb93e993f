package io.heartbeat.schema;

import io.heartbeat.testsupport.TestPostgres;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A database migrated by the first V2, which created grafana_reader itself (kept byte for byte in
 * src/test/resources/db/legacy), still validates and migrates with today's V2: beforeValidate__v2_checksum.sql
 * records the new checksum for exactly the old one.
 */
class MigrationUpgradeIntegrationTests {

    /** Flyway's checksum of the first V2, as every database migrated before issue 17 holds it. */
    private static final int FIRST_V2_CHECKSUM = -1080320165;

    /** Flyway's checksum of today's V2. */
    private static final int TODAYS_V2_CHECKSUM = 1968834404;

    @Test
    void aDatabaseTheFirstV2MigratedValidatesAndMigrates() {
        TestPostgres.Database database = TestPostgres.freshDatabase().migrateWithTheFirstV2();
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        assertThat(jdbc.queryForObject("SELECT checksum FROM flyway_schema_history WHERE version = '2'",
                Integer.class)).isEqualTo(FIRST_V2_CHECKSUM);

        database.flyway().migrate();

        assertThat(jdbc.queryForList("SELECT version || ':' || checksum FROM flyway_schema_history WHERE success"
                + " ORDER BY installed_rank", String.class)).hasSize(12).element(1).isEqualTo("2:" + TODAYS_V2_CHECKSUM);
        assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success ORDER BY"
                + " installed_rank", String.class)).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
                        "11", "12");
        assertThat(database.flyway().validateWithResult().validationSuccessful).isTrue();
    }

    @Test
    void anyOtherV2ChecksumStillFailsValidation() {
        TestPostgres.Database database = TestPostgres.freshDatabase().migrateWithTheFirstV2();
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        jdbc.update("UPDATE flyway_schema_history SET checksum = 42 WHERE version = '2'");

        assertThatExceptionOfType(FlywayValidateException.class).isThrownBy(() -> database.flyway().migrate())
            .withMessageContaining("Migration checksum mismatch for migration version 2");
        assertThat(jdbc.queryForObject("SELECT checksum FROM flyway_schema_history WHERE version = '2'",
                Integer.class)).isEqualTo(42);
    }
}
