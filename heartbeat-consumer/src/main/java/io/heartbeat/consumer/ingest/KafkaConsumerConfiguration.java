package io.heartbeat.consumer.ingest;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import io.heartbeat.config.KafkaTopicSettings;
import io.heartbeat.validation.HeartRateLimits;
import io.heartbeat.validation.HeartbeatClassifier;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * Wires the Kafka side: the topics, the consumer's settings onto Boot's consumer factory and container, and the
 * classifier. The error handler is {@code HeartbeatErrorHandler}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ConsumerSettings.class, KafkaTopicSettings.class, HeartRateLimits.class,
        TimestampSettings.class })
class KafkaConsumerConfiguration {

    /**
     * Largest dead letter: Kafka's default (1 MB) would refuse that of a record near its topic's limit, once the
     * failure headers are added (docs/consumer.md, "Errors").
     */
    static final int DEAD_LETTER_MAX_BYTES = 16 * 1024 * 1024;

    @Bean
    NewTopic heartbeatTopic(KafkaTopicSettings topics) {
        return topics.declare(topics.topic());
    }

    @Bean
    NewTopic heartbeatDeadLetterTopic(KafkaTopicSettings topics) {
        return topics.declare(topics.deadLetterTopic())
            .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(DEAD_LETTER_MAX_BYTES)));
    }

    // The service produces dead letters only.
    @Bean
    DefaultKafkaProducerFactoryCustomizer deadLetterProducerProperties() {
        return (factory) -> factory.updateConfigs(
                Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, DEAD_LETTER_MAX_BYTES));
    }

    // The container adds "-<thread>" to the instance id per consumer; the id is worked out here only: GroupLeaver and
    // FatalKafkaErrors read it back from the factory. Why cooperative-sticky: docs/decisions.md, "Growing and
    // shrinking group: cooperative-sticky on the classic protocol".
    @Bean
    DefaultKafkaConsumerFactoryCustomizer heartbeatConsumerProperties(ConsumerSettings consumer,
            @Value("${server.port:0}") int httpPort) {
        Map<String, Object> properties = new HashMap<>(Map.of(ConsumerConfig.GROUP_ID_CONFIG, consumer.groupId(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, consumer.batchSize(),
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) consumer.sessionTimeout().toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) consumer.heartbeatInterval().toMillis(),
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) consumer.maxPollInterval().toMillis(),
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName()));
        GroupInstanceId.resolve(consumer, httpPort)
            .ifPresent((id) -> properties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        return (factory) -> factory.updateConfigs(properties);
    }

    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> heartbeatConcurrency(
            ConsumerSettings consumer) {
        return (container) -> container.setConcurrency(consumer.concurrency());
    }

    @Bean
    HeartbeatClassifier heartbeatClassifier(HeartRateLimits limits, TimestampSettings timestamps) {
        return new HeartbeatClassifier(limits, timestamps.defaultZone(), timestamps.toBounds(),
                Clock.systemUTC());
    }
}
