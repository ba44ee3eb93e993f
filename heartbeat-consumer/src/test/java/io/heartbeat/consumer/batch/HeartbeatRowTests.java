package io.heartbeat.consumer.batch;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.HeartRateLimits;
import io.heartbeat.validation.HeartbeatClassifier;
import io.heartbeat.validation.ValidationStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatRowTests {

    private static final UUID EVENT_ID = UUID.fromString("018f0000-0000-7000-8000-0000000000aa");

    private final HeartbeatClassifier classifier = new HeartbeatClassifier(HeartRateLimits.DEFAULT);

    @Test
    void aConflictKeepsItsReadingAndIsStoredUnderItsCoordinatesAsCorruptedWithItsBytes() {
        byte[] payload = ("{\"event_id\":\"" + EVENT_ID + "\",\"patient_id\":\"p-1\","
                + "\"timestamp\":\"2026-03-01T09:59:59Z\",\"heartbeat_value\":72}").getBytes(StandardCharsets.UTF_8);
        HeartbeatRow row = new HeartbeatRow("heartbeats", 3, 42, EVENT_ID,
                this.classifier.classify(payload, Instant.EPOCH), payload);

        HeartbeatRow conflict = row.asConflict();

        assertThat(conflict).usingRecursiveComparison().isEqualTo(new HeartbeatRow("heartbeats", 3, 42,
                UUID.fromString("97be3070-0932-3f7f-af76-d5a55f8baa7b"),
                new ClassifiedReading(EVENT_ID, "p-1", Instant.parse("2026-03-01T09:59:59Z"), new BigDecimal("72"),
                        ValidationStatus.CORRUPTED, AnomalyType.CONFLICTING_EVENT_ID,
                        new String(payload, StandardCharsets.UTF_8)),
                payload));
    }

    @Test
    void aConflictsPayloadIsKeptAsTextPostgresqlTakes() {
        byte[] payload = ("{\"event_id\":\"" + EVENT_ID + "\",\"patient_id\":\"p-1\",\"note\":\"\u00e9\",\"x\":\"")
            .getBytes(StandardCharsets.UTF_8);
        byte[] withInvalidUtf8 = new byte[payload.length + 1];
        System.arraycopy(payload, 0, withInvalidUtf8, 0, payload.length);
        withInvalidUtf8[payload.length] = (byte) 0xff;
        ClassifiedReading reading = new ClassifiedReading(EVENT_ID, "p-1", Instant.EPOCH, null,
                ValidationStatus.INVALID_SYSTEM, AnomalyType.NULL_VALUE, null);

        HeartbeatRow conflict = new HeartbeatRow("heartbeats", 0, 7, EVENT_ID, reading, withInvalidUtf8).asConflict();

        assertThat(conflict.reading().rawPayload()).isEqualTo(new String(payload, StandardCharsets.UTF_8) + "\\xff");
    }

    @Test
    void coordinateKeysAreTheNameBasedUuidsOfTopicPartitionAndOffset() {
        assertThat(HeartbeatRow.coordinateKey("heartbeats", 3, 42))
            .isEqualTo(UUID.nameUUIDFromBytes("heartbeats/3/42".getBytes(StandardCharsets.UTF_8)))
            .isNotEqualTo(HeartbeatRow.coordinateKey("heartbeats", 34, 2));
    }
}
