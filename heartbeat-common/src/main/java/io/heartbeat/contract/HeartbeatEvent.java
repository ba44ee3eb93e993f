package io.heartbeat.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One heart-rate reading as it travels on the Kafka topic (see docs/heartbeat-event.schema.json).
 *
 * @param eventId unique id of the reading, the delivery key that makes redelivery harmless
 * @param patientId stable id of the monitored patient; also the record key
 * @param timestamp when the reading was taken
 * @param heartbeatValue beats per minute; {@code null} models a device that sent no value
 */
public record HeartbeatEvent(UUID eventId, String patientId, Instant timestamp, BigDecimal heartbeatValue) {

    public HeartbeatEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
