package io.heartbeat.consumer.api;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One {@code patient_alarms} row, one clinical episode, as the API shows it.
 *
 * @param id the alarm's id, as used in the API's paths
 * @param patientId its patient
 * @param kind {@code sustained_tachycardia}, {@code sustained_bradycardia} or {@code device_silent}
 * @param startedAt the time of the episode's first reading; for a silent device, of its last reading before
 * @param detectedAt when the consumer opened the alarm
 * @param endedAt the time of the reading that ended the episode; {@code null} while it goes on
 * @param state {@code open}, {@code acknowledged} or {@code resolved}
 * @param acknowledgedAt when an operator first acknowledged it
 * @param acknowledgedBy the operator who did
 * @param resolvedAt automatic: {@code endedAt}; operator: when they resolved it
 * @param resolvedBy {@code auto (...)} or the operator
 */
public record AlarmView(long id, String patientId, String kind, Instant startedAt, Instant detectedAt,
        @Nullable Instant endedAt, String state, @Nullable Instant acknowledgedAt, @Nullable String acknowledgedBy,
        @Nullable Instant resolvedAt, @Nullable String resolvedBy) {
}
