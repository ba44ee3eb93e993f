package io.heartbeat.local.pipeline;

import io.heartbeat.config.PostgresSettings;

/**
 * Where the services find Kafka and PostgreSQL, and the names they share with the summary.
 *
 * @param bootstrapServers Kafka's {@code host:port}
 * @param postgres where PostgreSQL listens and how to log in
 * @param topic the readings topic
 * @param groupId the consumer's group
 */
public record PipelineEndpoints(String bootstrapServers, PostgresSettings postgres, String topic, String groupId) {
}
