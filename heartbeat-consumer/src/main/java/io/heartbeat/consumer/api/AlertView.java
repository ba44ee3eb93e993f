package io.heartbeat.consumer.api;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One {@code heartbeat_alerts} row as the API shows it.
 *
 * @param alertId the alert's id, as used in the API's paths
 * @param heartbeatId the {@code heartbeats} row that raised it
 * @param patientId its patient ({@code unknown} for a corrupted record without one)
 * @param timestamp when the reading that raised it was taken
 * @param heartbeatValue that reading's value, if it had one
 * @param category {@code physiological_anomaly}, {@code system_anomaly} or {@code data_corruption}
 * @param resolved whether it is resolved
 * @param resolvedAt automatic: the time of the valid reading that completed the streak; operator: when
 * @param resolvedBy {@code auto (<K> valid readings)} or the operator
 * @param acknowledgedAt when an operator acknowledged it
 * @param acknowledgedBy the operator who acknowledged it
 * @param createdAt when it was stored
 */
public record AlertView(long alertId, long heartbeatId, String patientId, Instant timestamp,
        @Nullable BigDecimal heartbeatValue, String category, boolean resolved, @Nullable Instant resolvedAt,
        @Nullable String resolvedBy, @Nullable Instant acknowledgedAt, @Nullable String acknowledgedBy,
        Instant createdAt) {
}
