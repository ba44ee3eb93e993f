package io.heartbeat.validation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A reading after classification: one {@code heartbeats} row, its placeholders and NULLs as docs/architecture.md
 * gives them ("Classification", "Delivery guarantee", "Schema").
 */
public record ClassifiedReading(UUID eventId, String patientId, Instant timestamp, BigDecimal heartbeatValue,
        ValidationStatus status, AnomalyType anomalyType, String rawPayload) {

    public boolean isValid() {
        return this.status == ValidationStatus.VALID;
    }
}
