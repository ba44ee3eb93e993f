package io.heartbeat.consumer.config;

import com.zaxxer.hikari.HikariDataSource;
import io.heartbeat.consumer.ingest.ConsumerSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL is told to end a transaction of the consumer that stays silent and never to compile its statements,
 * next to any other option.
 */
class SessionOptionsConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withUserConfiguration(PostgresConfiguration.class, Settings.class);

    @Test
    void everyConnectionEndsATransactionSilentForTenSecondsByDefaultAndNeverCompiles() {
        this.runner.withBean(HikariDataSource.class, HikariDataSource::new)
            .run((context) -> assertThat(context.getBean(HikariDataSource.class).getDataSourceProperties())
                .containsEntry("options", "-c idle_in_transaction_session_timeout=10000 -c jit=off"));
    }

    @Test
    void theConfiguredTimeoutIsAddedToOtherOptions() {
        this.runner.withPropertyValues("heartbeat.consumer.idle-transaction-timeout=3s")
            .withBean(HikariDataSource.class, () -> {
                HikariDataSource dataSource = new HikariDataSource();
                dataSource.addDataSourceProperty("options", "-c statement_timeout=30000");
                return dataSource;
            })
            .run((context) -> assertThat(context.getBean(HikariDataSource.class).getDataSourceProperties())
                .containsEntry("options", "-c statement_timeout=30000 -c idle_in_transaction_session_timeout=3000 -c jit=off"));
    }

    @Test
    void aTimeoutUnderASecondStopsTheContext() {
        this.runner.withPropertyValues("heartbeat.consumer.idle-transaction-timeout=500ms")
            .run((context) -> assertThat(context).getFailure().rootCause()
                .hasMessage("idle-transaction-timeout (CONSUMER_IDLE_TRANSACTION_TIMEOUT) must be at least 1s and "
                        + "at most 2147483647 ms, was PT0.5S"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ConsumerSettings.class)
    static class Settings {

    }
}
