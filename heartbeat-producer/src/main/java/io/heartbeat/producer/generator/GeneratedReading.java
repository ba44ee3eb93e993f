package io.heartbeat.producer.generator;

import java.time.Instant;

/**
 * One generated Kafka record: the key (patient id), the value bytes as they go on the wire, and what they are.
 *
 * @param key the patient id, also for corrupted payloads
 * @param payload the record value; contract JSON, or deliberately broken bytes for corrupted readings
 * @param kind what the consumer should make of it
 * @param timestamp when the reading was taken (millisecond precision), also the Kafka record timestamp
 */
public record GeneratedReading(String key, byte[] payload, ReadingKind kind, Instant timestamp) {
}
