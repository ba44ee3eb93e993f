package io.heartbeat.producer.generator;

import java.time.Instant;

import io.heartbeat.validation.ValidationStatus;

/** One generated Kafka record and the status the classifier must reach: docs/producer.md, "What it generates". */
public record GeneratedReading(String key, byte[] payload, ValidationStatus kind, Instant timestamp) {
}
