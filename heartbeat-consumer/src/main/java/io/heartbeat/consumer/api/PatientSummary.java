package io.heartbeat.consumer.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a patient's readings of a time range add up to, and its alerts open now.
 *
 * @param patientId the patient
 * @param from start of the range (inclusive)
 * @param to end of the range (exclusive)
 * @param readings readings of the range: {@code total} and one count per validation status
 * @param validBpm min, max and average of the range's valid readings; {@code null} when it has none
 * @param lastReadingAt the patient's newest reading, in or after the range
 * @param openAlerts alerts open now, whenever raised: {@code total} and one count per category
 * @param oldestOpenAlertAt when the oldest open alert was raised; {@code null} when none is open
 */
public record PatientSummary(String patientId, Instant from, Instant to, Map<String, Long> readings,
        @Nullable Bpm validBpm, Instant lastReadingAt, Map<String, Long> openAlerts,
        @Nullable Instant oldestOpenAlertAt) {

    /** Heart-rate statistics of valid readings. */
    public record Bpm(BigDecimal min, BigDecimal max, BigDecimal average) {
    }
}
