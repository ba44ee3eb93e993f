package io.heartbeat.consumer.api;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.heartbeat.consumer.persistence.HeartbeatBatchWriter;
import io.heartbeat.consumer.persistence.HeartbeatRow;
import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.HeartbeatClassifier;
import io.heartbeat.validation.ValidationStatus;

/**
 * The readings the API tests look at, stored through the consumer's own write path, so the alerts and their
 * automatic resolutions (K = 3) are what the consumer makes. Times are seconds after {@link #T0}.
 * <ul>
 * <li>p-1: high@1 and null@2, resolved by valid@3..5; high@10 open, valid@11
 * <li>p-2: low@21, high@22, low@23, all open
 * <li>unknown: a corrupted record @30, open
 * <li>p-3: valid@40..42, no alert
 * </ul>
 */
final class ApiTestData {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    static final int RESOLVE_AFTER_VALID = 3;

    private static final AtomicLong offsets = new AtomicLong();

    private ApiTestData() {
    }

    static void store(HeartbeatBatchWriter writer) {
        writer.write(List.of(reading("p-1", 1, "150", AnomalyType.HIGH_BPM),
                reading("p-1", 2, null, AnomalyType.NULL_VALUE), reading("p-1", 3, "60", null),
                reading("p-1", 4, "70", null)));
        writer.write(List.of(reading("p-1", 5, "80", null), reading("p-1", 10, "130", AnomalyType.HIGH_BPM),
                reading("p-1", 11, "90", null)));
        writer.write(List.of(reading("p-2", 21, "40", AnomalyType.LOW_BPM),
                reading("p-2", 22, "125", AnomalyType.HIGH_BPM), reading("p-2", 23, "45", AnomalyType.LOW_BPM)));
        writer.write(List.of(row(new ClassifiedReading(null, HeartbeatClassifier.UNKNOWN_PATIENT, at(30), null,
                ValidationStatus.CORRUPTED, AnomalyType.MALFORMED_JSON, "not json"))));
        writer.write(List.of(reading("p-3", 40, "65", null), reading("p-3", 41, "66", null),
                reading("p-3", 42, "67", null)));
    }

    static Instant at(int second) {
        return T0.plusSeconds(second);
    }

    private static HeartbeatRow reading(String patientId, int second, String value, AnomalyType anomaly) {
        ValidationStatus status = (anomaly != null) ? anomaly.status() : ValidationStatus.VALID;
        UUID eventId = UUID.nameUUIDFromBytes((patientId + "@" + second).getBytes(StandardCharsets.UTF_8));
        return row(new ClassifiedReading(eventId, patientId, at(second), (value != null) ? new BigDecimal(value) : null,
                status, anomaly, (anomaly != null) ? "{}" : null));
    }

    private static HeartbeatRow row(ClassifiedReading reading) {
        long offset = offsets.getAndIncrement();
        UUID key = (reading.eventId() != null) ? reading.eventId()
                : UUID.nameUUIDFromBytes(("api-test/0/" + offset).getBytes(StandardCharsets.UTF_8));
        return new HeartbeatRow("api-test", 0, offset, key, reading, null);
    }
}
