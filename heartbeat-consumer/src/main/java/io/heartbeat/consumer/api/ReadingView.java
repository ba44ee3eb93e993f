package io.heartbeat.consumer.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One stored reading of a patient.
 *
 * @param eventId its delivery key ({@code event_id})
 * @param timestamp when it was taken
 * @param heartbeatValue its value, if it had one
 * @param status {@code valid}, {@code invalid_physiological}, {@code invalid_system} or {@code corrupted}
 * @param anomalyType why it is not valid, {@code null} when it is
 */
public record ReadingView(UUID eventId, Instant timestamp, @Nullable BigDecimal heartbeatValue, String status,
        @Nullable String anomalyType) {
}
