package io.heartbeat.validation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TimestampBoundsTests {

    private static final Instant SENT = Instant.parse("2026-11-25T10:00:00Z");

    // The host's clock an hour after the record was sent: the record's timestamp is the reference.
    private final HeartbeatClassifier classifier = new HeartbeatClassifier(HeartRateLimits.DEFAULT, ZoneOffset.UTC,
            TimestampBounds.DEFAULT, Clock.fixed(SENT.plusSeconds(3600), ZoneOffset.UTC));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", value = {
            "2026-11-25T10:05:00Z,           none",
            "2026-11-25T10:05:00.000001Z,    future_timestamp",
            "2026-11-25T10:00:00Z,           none",
            "9999-01-01T00:00:00Z,           future_timestamp",
            "2025-11-25T10:00:00Z,           none",
            "2025-11-25T09:59:59.999999Z,    stale_timestamp",
            "1970-01-01T00:00:00Z,           stale_timestamp",
            "0001-01-01T00:00:00Z,           stale_timestamp" })
    void aTimestampExactlyAtABoundIsValidAndOneMicrosecondPastIsNot(String timestamp, String anomaly) {
        ClassifiedReading reading = classify(timestamp, "72", SENT);

        assertThat(reading.anomalyType() == null ? null : reading.anomalyType().dbValue()).isEqualTo(anomaly);
        assertThat(reading.status()).isEqualTo(anomaly == null ? ValidationStatus.VALID
                : ValidationStatus.INVALID_SYSTEM);
        assertThat(reading.status().alertCategory()).isEqualTo(anomaly == null ? null : AlertCategory.SYSTEM_ANOMALY);
        assertThat(reading.timestamp()).isEqualTo(Instant.parse(timestamp));
        assertThat(reading.rawPayload()).isEqualTo(anomaly == null ? null : payload(timestamp, "72"));
    }

    @Test
    void aRecordSentAheadOfThisHostsClockIsReadAgainstTheClock() {
        Instant clock = SENT.plusSeconds(3600);
        ClassifiedReading reading = classify("2026-11-25T11:05:00.000001Z", "72", clock.plus(Duration.ofDays(1)));

        assertThat(reading.anomalyType()).isEqualTo(AnomalyType.FUTURE_TIMESTAMP);
        assertThat(classify("2026-11-25T11:05:00Z", "72", clock.plus(Duration.ofDays(1))).isValid()).isTrue();
    }

    @Test
    void aWrongClockOutranksTheValueAndCorruptionOutranksAWrongClock() {
        assertThat(classify("9999-01-01T00:00:00Z", "30", SENT).anomalyType())
            .isEqualTo(AnomalyType.FUTURE_TIMESTAMP);
        assertThat(classify("9999-01-01T00:00:00Z", "\"72\"", SENT).anomalyType())
            .isEqualTo(AnomalyType.PARSING_ERROR);
    }

    @Test
    void theClassifierWithoutBoundsChecksNoClock() {
        HeartbeatClassifier unbounded = new HeartbeatClassifier(HeartRateLimits.DEFAULT);
        byte[] payload = payload("9999-01-01T00:00:00Z", "72").getBytes(StandardCharsets.UTF_8);

        assertThat(unbounded.classify(payload, SENT).isValid()).isTrue();
    }

    @Test
    void boundsMustBePositiveAndAtMostAHundredYears() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new TimestampBounds(Duration.ZERO, Duration.ofDays(1)))
            .withMessage("TIMESTAMP_MAX_FUTURE_SKEW must be positive and at most 36500d, was PT0S");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new TimestampBounds(Duration.ofMinutes(5), Duration.ofDays(36_501)))
            .withMessage("TIMESTAMP_MAX_AGE must be positive and at most 36500d, was PT876024H");
        assertThat(new TimestampBounds(Duration.ofNanos(1), Duration.ofDays(36_500)).maxAge())
            .isEqualTo(Duration.ofDays(36_500));
    }

    private ClassifiedReading classify(String timestamp, String value, Instant sent) {
        return this.classifier.classify(payload(timestamp, value).getBytes(StandardCharsets.UTF_8), sent);
    }

    private static String payload(String timestamp, String value) {
        return "{\"patient_id\":\"p-1\",\"timestamp\":\"" + timestamp + "\",\"heartbeat_value\":" + value + "}";
    }
}
