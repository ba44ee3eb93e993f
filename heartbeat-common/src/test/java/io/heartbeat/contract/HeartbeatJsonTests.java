package io.heartbeat.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.SplittableRandom;

import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.HeartRateLimits;
import io.heartbeat.validation.HeartbeatClassifier;
import io.heartbeat.validation.ValidationStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatJsonTests {

    private static final Instant TIME = Instant.parse("2026-11-25T10:15:30.123Z");

    private final HeartbeatClassifier classifier = new HeartbeatClassifier(HeartRateLimits.DEFAULT);

    @Test
    void writesTheContractFields() {
        HeartbeatEvent event = new HeartbeatEvent(EventIds.timeOrdered(TIME, new SplittableRandom(1)), "patient-0001",
                TIME, new BigDecimal("72.4"));

        JsonNode json = JsonMapper.shared().readTree(HeartbeatJson.toJson(event));

        assertThat(json.propertyNames()).containsExactly("event_id", "patient_id", "timestamp", "heartbeat_value");
        assertThat(json.get("event_id").stringValue()).isEqualTo(event.eventId().toString());
        assertThat(json.get("patient_id").stringValue()).isEqualTo("patient-0001");
        assertThat(json.get("timestamp").stringValue()).isEqualTo("2026-11-25T10:15:30.123Z");
        assertThat(json.get("heartbeat_value").decimalValue()).isEqualByComparingTo("72.4");
    }

    @Test
    void roundTripsThroughTheClassifier() {
        HeartbeatEvent event = new HeartbeatEvent(EventIds.timeOrdered(TIME, new SplittableRandom(2)),
                "ward \"7\" \\ bed 3 ✓", TIME, new BigDecimal("88"));

        ClassifiedReading reading = this.classifier.classify(HeartbeatJson.toJson(event), Instant.EPOCH);

        assertThat(reading.status()).isEqualTo(ValidationStatus.VALID);
        assertThat(reading.eventId()).isEqualTo(event.eventId());
        assertThat(reading.patientId()).isEqualTo(event.patientId());
        assertThat(reading.timestamp()).isEqualTo(event.timestamp());
        assertThat(reading.heartbeatValue()).isEqualByComparingTo(event.heartbeatValue());
    }

    @Test
    void escapesControlCharacters() {
        HeartbeatEvent event = new HeartbeatEvent(EventIds.timeOrdered(TIME, new SplittableRandom(4)), "a\tb\u0001",
                TIME, BigDecimal.ONE);

        JsonNode json = JsonMapper.shared().readTree(HeartbeatJson.toJson(event));

        assertThat(json.get("patient_id").stringValue()).isEqualTo("a\tb\u0001");
    }

    @Test
    void nullValueIsWrittenAsJsonNull() {
        HeartbeatEvent event = new HeartbeatEvent(EventIds.timeOrdered(TIME, new SplittableRandom(3)), "p", TIME,
                null);

        ClassifiedReading reading = this.classifier.classify(HeartbeatJson.toJson(event), Instant.EPOCH);

        assertThat(JsonMapper.shared().readTree(HeartbeatJson.toJson(event)).get("heartbeat_value").isNull()).isTrue();
        assertThat(reading.status()).isEqualTo(ValidationStatus.INVALID_SYSTEM);
    }
}
