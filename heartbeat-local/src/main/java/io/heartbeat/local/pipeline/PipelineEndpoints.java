package io.heartbeat.local.pipeline;

import io.heartbeat.config.PostgresSettings;

/** Where the services find Kafka and PostgreSQL, and the topic and consumer group they share with the summary. */
public record PipelineEndpoints(String bootstrapServers, PostgresSettings postgres, String topic, String groupId) {
}
