package io.heartbeat.producer.generator;

import java.time.Instant;

import io.heartbeat.validation.ValidationStatus;

/**
 * One generated Kafka record: the key (patient id), the value bytes as they go on the wire, and what they are.
 *
 * @param key the patient id, also for corrupted payloads
 * @param payload the record value; contract JSON, or deliberately broken bytes for corrupted readings
 * @param kind the status the consumer's classifier must reach for it
 * @param timestamp when the reading was taken (millisecond precision), also the Kafka record timestamp
 */
public record GeneratedReading(String key, byte[] payload, ValidationStatus kind, Instant timestamp) {
}
