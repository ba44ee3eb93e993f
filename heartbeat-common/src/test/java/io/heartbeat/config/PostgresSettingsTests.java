package io.heartbeat.config;

import java.util.Properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.Driver;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresSettingsTests {

    @ParameterizedTest
    @ValueSource(strings = { "heartbeat_db", "heart+beat", "my db", "50%", "a/b?c#d", "o'brien", "pulsé" })
    void pgjdbcReadsTheDatabaseNameBackUnchanged(String database) {
        PostgresSettings postgres = new PostgresSettings("db.example", 6432, database, "monitor", "pw", 10);

        Properties parsed = Driver.parseURL(postgres.jdbcUrl(), new Properties());

        assertThat(parsed).isNotNull();
        assertThat(parsed.getProperty("PGHOST")).isEqualTo("db.example");
        assertThat(parsed.getProperty("PGPORT")).isEqualTo("6432");
        assertThat(parsed.getProperty("PGDBNAME")).isEqualTo(database);
    }
}
