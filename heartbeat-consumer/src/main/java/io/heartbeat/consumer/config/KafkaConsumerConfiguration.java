package io.heartbeat.consumer.config;

import java.util.Map;

import io.heartbeat.config.HeartRateSettings;
import io.heartbeat.consumer.ingest.ConsumerSettings;
import io.heartbeat.consumer.ingest.TopicSettings;
import io.heartbeat.validation.HeartbeatClassifier;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * Wires the Kafka side: the topics, the consumer's settings onto Boot's consumer factory and container, and the
 * classifier with the configured limits. The error handler is in {@link ErrorHandlingConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ConsumerSettings.class, TopicSettings.class, HeartRateSettings.class })
class KafkaConsumerConfiguration {

    @Bean
    NewTopic heartbeatTopic(TopicSettings topics) {
        return TopicBuilder.name(topics.topic()).partitions(topics.partitions()).build();
    }

    @Bean
    NewTopic heartbeatDeadLetterTopic(TopicSettings topics) {
        return TopicBuilder.name(topics.deadLetterTopic()).partitions(topics.partitions()).build();
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer heartbeatConsumerProperties(ConsumerSettings consumer) {
        return (factory) -> factory.updateConfigs(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, consumer.groupId(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, consumer.batchSize()));
    }

    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> heartbeatConcurrency(
            ConsumerSettings consumer) {
        return (container) -> container.setConcurrency(consumer.concurrency());
    }

    @Bean
    HeartbeatClassifier heartbeatClassifier(HeartRateSettings limits) {
        return new HeartbeatClassifier(limits.toLimits());
    }
}
