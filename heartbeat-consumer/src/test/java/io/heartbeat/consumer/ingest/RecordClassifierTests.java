package io.heartbeat.consumer.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.HeartRateLimits;
import io.heartbeat.validation.HeartbeatClassifier;
import io.heartbeat.validation.ValidationStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecordClassifierTests {

    private static final Instant RECEIVED = Instant.parse("2026-03-01T10:00:00Z");

    private static final UUID EVENT_ID = UUID.fromString("018f0000-0000-7000-8000-0000000000aa");

    private static final UUID KEY_OF_HEARTBEATS_3_42 =
            UUID.nameUUIDFromBytes("heartbeats/3/42".getBytes(StandardCharsets.UTF_8));

    private final HeartbeatClassifier classifier = new HeartbeatClassifier(HeartRateLimits.DEFAULT);

    @Test
    void aReadableReadingIsStoredUnderItsOwnEventId() {
        assertThat(key("{\"event_id\":\"" + EVENT_ID + "\",\"patient_id\":\"p-1\","
                + "\"timestamp\":\"2026-03-01T09:59:59Z\",\"heartbeat_value\":72}")).isEqualTo(EVENT_ID);
        assertThat(key("{\"event_id\":\"" + EVENT_ID + "\",\"patient_id\":\"p-1\","
                + "\"timestamp\":\"2026-03-01T09:59:59Z\",\"heartbeat_value\":null}")).isEqualTo(EVENT_ID);
        assertThat(key("{\"event_id\":\"" + EVENT_ID + "\",\"patient_id\":\"p-1\","
                + "\"timestamp\":\"2026-03-01T09:59:59Z\",\"heartbeat_value\":20}")).isEqualTo(EVENT_ID);
    }

    @Test
    void aCorruptedReadingIsStoredUnderItsKafkaCoordinatesEvenWithAnEventId() {
        assertThat(key("{\"event_id\":\"" + EVENT_ID + "\",\"patient_id\":\"p-1\","
                + "\"timestamp\":\"yesterday\",\"heartbeat_value\":72}")).isEqualTo(KEY_OF_HEARTBEATS_3_42);
        assertThat(key("not json")).isEqualTo(KEY_OF_HEARTBEATS_3_42);
        assertThat(key(null)).isEqualTo(KEY_OF_HEARTBEATS_3_42);
    }

    @Test
    void aReadingWithoutUsableEventIdIsStoredUnderItsKafkaCoordinates() {
        assertThat(key("{\"patient_id\":\"p-1\",\"timestamp\":\"2026-03-01T09:59:59Z\",\"heartbeat_value\":72}"))
            .isEqualTo(KEY_OF_HEARTBEATS_3_42);
        assertThat(key("{\"event_id\":\"not-a-uuid\",\"patient_id\":\"p-1\","
                + "\"timestamp\":\"2026-03-01T09:59:59Z\",\"heartbeat_value\":72}")).isEqualTo(KEY_OF_HEARTBEATS_3_42);
    }

    @Test
    void theOriginalProducersReadingIsStoredUnderItsKafkaCoordinates() {
        // Its own bytes: no event_id, a timestamp without an offset, spaces after the separators.
        String original = "{\"patient_id\": \"W02707BQ\", \"timestamp\": \"2026-12-03T23:55:26.351028\", "
                + "\"heartbeat_value\": 87}";
        ClassifiedReading reading = this.classifier.classify(original.getBytes(StandardCharsets.UTF_8), RECEIVED);

        assertThat(reading.status()).isEqualTo(ValidationStatus.VALID);
        assertThat(reading.eventId()).isNull();
        // The literal pins today's name format "<topic>/<partition>/<offset>", so stored keys stay the same.
        assertThat(RecordClassifier.deliveryKey(reading, "heartbeats", 3, 42)).isEqualTo(KEY_OF_HEARTBEATS_3_42)
            .isEqualTo(UUID.fromString("97be3070-0932-3f7f-af76-d5a55f8baa7b"));
    }

    @Test
    void coordinateKeysAreStableAndDistinct() {
        ClassifiedReading corrupted = this.classifier.classify(new byte[] { 1, 2 }, RECEIVED);

        assertThat(RecordClassifier.deliveryKey(corrupted, "heartbeats", 3, 42)).isEqualTo(KEY_OF_HEARTBEATS_3_42)
            .isEqualTo(RecordClassifier.deliveryKey(corrupted, "heartbeats", 3, 42))
            .isNotEqualTo(RecordClassifier.deliveryKey(corrupted, "heartbeats", 3, 43))
            .isNotEqualTo(RecordClassifier.deliveryKey(corrupted, "heartbeats", 4, 42))
            .isNotEqualTo(RecordClassifier.deliveryKey(corrupted, "other", 3, 42));
    }

    private UUID key(String payload) {
        byte[] bytes = (payload != null) ? payload.getBytes(StandardCharsets.UTF_8) : null;
        return RecordClassifier.deliveryKey(this.classifier.classify(bytes, RECEIVED), "heartbeats", 3, 42);
    }
}
