package io.heartbeat.validation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A reading after classification: the columns of one {@code heartbeats} row.
 *
 * @param eventId the event's own id, or {@code null} when the payload carried none usable (the consumer then
 * derives one from the record's Kafka coordinates)
 * @param patientId the patient, or {@link HeartbeatClassifier#UNKNOWN_PATIENT} when the payload had none usable
 * @param timestamp when the reading was taken, or the Kafka record timestamp when the payload had none usable
 * @param heartbeatValue the value as sent, or {@code null} when absent or not storable as a number
 * @param status the verdict
 * @param anomalyType why it is not valid; {@code null} exactly when {@code status} is {@code VALID}
 * @param rawPayload the payload as text for non-valid readings (see {@link RawPayload}), {@code null} for valid ones
 */
public record ClassifiedReading(UUID eventId, String patientId, Instant timestamp, BigDecimal heartbeatValue,
        ValidationStatus status, AnomalyType anomalyType, String rawPayload) {

    public boolean isValid() {
        return this.status == ValidationStatus.VALID;
    }
}
