package io.heartbeat.consumer.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** What a patient's readings of [from, to) add up to, and its open alerts (docs/alerts-api.md, "The alerts API"). */
public record PatientSummary(String patientId, Instant from, Instant to, Map<String, Long> readings,
        @Nullable Bpm validBpm, Instant lastReadingAt, Map<String, Long> openAlerts,
        @Nullable Instant oldestOpenAlertAt) {

    /** Heart-rate statistics of valid readings. */
    public record Bpm(BigDecimal min, BigDecimal max, BigDecimal average) {
    }
}
