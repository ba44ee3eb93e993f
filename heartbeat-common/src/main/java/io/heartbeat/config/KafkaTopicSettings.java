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
 * The readings' topic (KAFKA_TOPIC), as both services declare it at start-up, whichever starts first: its
 * partitions (KAFKA_TOPIC_PARTITIONS) and replication factor (KAFKA_TOPIC_REPLICAS). The consumer's dead-letter
 * topic has the same name plus {@code .DLT}, as many partitions, so a record keeps its partition there, and as many
 * replicas.
 *
 * @param topic topic name
 * @param partitions partitions it is created with; an existing topic with fewer is given more
 * @param replicas replication factor it is created with; none for the broker's {@code default.replication.factor}
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
