package io.heartbeat.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One heart-rate reading as it travels on the Kafka topic; each field: docs/heartbeat-event.schema.json. */
public record HeartbeatEvent(UUID eventId, String patientId, Instant timestamp, BigDecimal heartbeatValue) {

    public HeartbeatEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
