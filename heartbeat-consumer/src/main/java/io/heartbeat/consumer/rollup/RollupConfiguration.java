package io.heartbeat.consumer.rollup;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The rollup job behind the dashboard's long ranges (docs/dashboards.md#rollup), on wherever readings are stored.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RollupSettings.class)
class RollupConfiguration {

    // Only where the listener stores readings: not in --init-db, nor in the API-only tests. The write benchmark
    // starts its listener later, by hand, and turns the job on (heartbeat.rollup.enabled): a drain without it would
    // leave out work every consumer does.
    @Bean
    @ConditionalOnExpression("${heartbeat.rollup.enabled:${spring.kafka.listener.auto-startup:true}}")
    MinuteRollupJob minuteRollupJob(DataSource dataSource, RollupSettings settings) {
        return new MinuteRollupJob(new MinuteRollup(dataSource), settings);
    }
}
