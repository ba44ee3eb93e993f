package io.heartbeat.consumer.config;

import com.zaxxer.hikari.HikariDataSource;
import io.heartbeat.consumer.ingest.ConsumerSettings;
import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** A real PostgreSQL session of the consumer's pool has the options the consumer sets, with nothing run first. */
class SessionOptionsIntegrationTests {

    private final TestPostgres.Database database = TestPostgres.freshDatabase();

    @Test
    void everySessionHasTheIdleTransactionTimeoutAndNoJit() {
        new ApplicationContextRunner().withUserConfiguration(PostgresConfiguration.class, Settings.class)
            .withPropertyValues("heartbeat.consumer.idle-transaction-timeout=7s")
            .withBean(HikariDataSource.class, () -> {
                HikariDataSource dataSource = new HikariDataSource();
                dataSource.setJdbcUrl(this.database.jdbcUrl());
                dataSource.setUsername(this.database.user());
                dataSource.setPassword(this.database.password());
                return dataSource;
            })
            .run((context) -> {
                JdbcTemplate session = new JdbcTemplate(context.getBean(HikariDataSource.class));
                assertThat(session.queryForObject("SHOW jit", String.class)).isEqualTo("off");
                assertThat(session.queryForObject("SHOW idle_in_transaction_session_timeout", String.class))
                    .isEqualTo("7s");
            });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ConsumerSettings.class)
    static class Settings {

    }
}
