package io.heartbeat.consumer.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** One stored reading of a patient, its {@code eventId} the delivery key ({@code event_id}). */
public record ReadingView(UUID eventId, Instant timestamp, @Nullable BigDecimal heartbeatValue, String status,
        @Nullable String anomalyType) {
}
