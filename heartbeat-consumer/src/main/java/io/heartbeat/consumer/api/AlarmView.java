package io.heartbeat.consumer.api;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One {@code patient_alarms} row, one clinical episode, as the API shows it (docs/alerts-api.md, "Alarms").
 */
public record AlarmView(long id, String patientId, String kind, Instant startedAt, Instant detectedAt,
        @Nullable Instant endedAt, String state, @Nullable Instant acknowledgedAt, @Nullable String acknowledgedBy,
        @Nullable Instant resolvedAt, @Nullable String resolvedBy) {
}
