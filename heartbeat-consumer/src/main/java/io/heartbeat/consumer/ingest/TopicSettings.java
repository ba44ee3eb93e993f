package io.heartbeat.consumer.ingest;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The heartbeat topic (KAFKA_TOPIC) and its partition count (KAFKA_TOPIC_PARTITIONS); its dead-letter topic has
 * the same name plus {@code .DLT} and as many partitions, so a record keeps its partition there.
 */
@Validated
@ConfigurationProperties("heartbeat.kafka")
public record TopicSettings(
        @DefaultValue("heartbeats") @NotBlank String topic,
        @DefaultValue("6") @Min(1) int partitions) {

    public String deadLetterTopic() {
        return this.topic + ".DLT";
    }
}
