package io.heartbeat.consumer.health;

import io.heartbeat.health.KafkaClusterHealthIndicator;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Kafka's health indicator, component {@code kafka}: in the readiness group with {@code db}, never in liveness
 * (heartbeat-consumer.yml).
 */
@Configuration(proxyBeanMethods = false)
class KafkaHealthConfiguration {

    @Bean
    KafkaClusterHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
        return new KafkaClusterHealthIndicator(admin.getConfigurationProperties(),
                KafkaClusterHealthIndicator.DEFAULT_TIMEOUT);
    }
}
