package io.heartbeat.config;

import java.util.Optional;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.apache.kafka.clients.admin.NewTopic;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The readings' topic as both services declare it at start-up, whichever starts first: docs/producer.md,
 * "Settings". The consumer declares its dead-letter topic ({@link #deadLetterTopic()}) with the same partitions
 * and replicas, so a record keeps its partition there.
 */
@Validated
@ConfigurationProperties("heartbeat.kafka")
public record KafkaTopicSettings(
        @DefaultValue("heartbeats") @NotBlank String topic,
        @DefaultValue("6") @Min(1) int partitions,
        @Nullable @Min(1) Short replicas) {

    public String deadLetterTopic() {
        return this.topic + ".DLT";
    }

    /** The topic {@code name} with these partitions and replicas, for Spring Kafka's admin to create. */
    public NewTopic declare(String name) {
        return new NewTopic(name, Optional.of(this.partitions), Optional.ofNullable(this.replicas));
    }
}
