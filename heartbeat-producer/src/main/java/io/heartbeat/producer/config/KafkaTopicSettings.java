package io.heartbeat.producer.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The heartbeat topic the producer declares at start-up (KAFKA_TOPIC, KAFKA_TOPIC_PARTITIONS).
 *
 * @param topic topic name
 * @param partitions partitions it is created with
 * @param replicas replication factor it is created with
 */
@Validated
@ConfigurationProperties("heartbeat.kafka")
public record KafkaTopicSettings(
        @DefaultValue("heartbeats") @NotBlank String topic,
        @DefaultValue("6") @Min(1) int partitions,
        @DefaultValue("1") @Min(1) short replicas) {
}
