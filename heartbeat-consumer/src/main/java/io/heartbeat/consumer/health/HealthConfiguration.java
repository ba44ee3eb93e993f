package io.heartbeat.consumer.health;

import javax.sql.DataSource;

import io.heartbeat.consumer.ingest.ConsumerSettings;
import io.heartbeat.consumer.ingest.PollFailures;
import io.heartbeat.consumer.persistence.PostgresTimeouts;
import io.heartbeat.health.KafkaClusterHealthIndicator;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The consumer's own health components {@code db}, {@code kafka} and {@code listener}; their probe groups are in
 * heartbeat-consumer.yml (docs/consumer.md, "Metrics and health").
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ListenerHealthSettings.class)
class HealthConfiguration {

    /** {@code HeartbeatListener.ID}: the listener whose container the {@code listener} component watches. */
    static final String LISTENER_ID = "heartbeat-consumer";

    // Named as Boot's own, which it replaces; Boot's asks a pooled connection isValid(0), which waits on a frozen
    // server until the socket timeout.
    @Bean
    BoundedHealthIndicator dbHealthIndicator(DataSource dataSource, PostgresTimeouts timeouts) {
        return new BoundedHealthIndicator(new DataSourceHealthIndicator(dataSource), timeouts.healthTimeout(),
                "db-health");
    }

    @Bean
    KafkaClusterHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
        return new KafkaClusterHealthIndicator(admin.getConfigurationProperties(),
                KafkaClusterHealthIndicator.DEFAULT_TIMEOUT);
    }

    // Without the listener (--init-db, API-only tests) there is nothing to watch.
    @Bean
    @ConditionalOnBooleanProperty(name = "spring.kafka.listener.auto-startup", matchIfMissing = true)
    ListenerHealthIndicator listenerHealthIndicator(KafkaListenerEndpointRegistry registry, KafkaAdmin admin,
            ConsumerSettings consumer, ListenerHealthSettings settings, PollFailures pollFailures) {
        return new ListenerHealthIndicator(() -> registry.getListenerContainer(LISTENER_ID), consumer.groupId(),
                admin.getConfigurationProperties(), settings, pollFailures);
    }
}
