package io.heartbeat.consumer.rollup;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The rollup job behind the dashboard's long ranges (docs/dashboards.md#rollup), on wherever readings are stored.
 * Its settings are checked everywhere, --init-db included, even where the job does not run.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RollupSettings.class)
class RollupConfiguration {

    // Only where the listener stores readings: not in --init-db, nor in the API-only tests.
    @Bean
    @ConditionalOnBooleanProperty(name = "spring.kafka.listener.auto-startup", matchIfMissing = true)
    MinuteRollupJob minuteRollupJob(DataSource dataSource, RollupSettings settings) {
        return new MinuteRollupJob(dataSource, settings);
    }
}
