package io.heartbeat.consumer.api;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One {@code heartbeat_alerts} row as the API shows it; its lifecycle columns are in docs/alerts-api.md's first
 * table. {@code timestamp} and {@code heartbeatValue} are those of the reading that raised it.
 */
public record AlertView(long alertId, long heartbeatId, String patientId, Instant timestamp,
        @Nullable BigDecimal heartbeatValue, String category, boolean resolved, @Nullable Instant resolvedAt,
        @Nullable String resolvedBy, @Nullable Instant acknowledgedAt, @Nullable String acknowledgedBy,
        Instant createdAt) {
}
