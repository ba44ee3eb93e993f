package io.heartbeat.consumer.api;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.heartbeat.consumer.batch.HeartbeatRow;
import io.heartbeat.consumer.persistence.HeartbeatBatchWriter;
import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.HeartbeatClassifier;
import io.heartbeat.validation.ValidationStatus;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The readings the API tests look at, stored through the consumer's own write path, so the alerts and their
 * automatic resolutions (K = 3) are what the consumer makes. Times are seconds after {@link #T0}.
 * <ul>
 * <li>p-1: high@1 and null@2, resolved by valid@3..5; high@10 open, valid@11
 * <li>p-2: low@21, high@22, low@23, all open
 * <li>unknown: a corrupted record @30, open
 * <li>p-3: valid@40..42, no alert
 * </ul>
 * And the alarms, stored as the consumer's detector leaves them (it is not part of these tests), newest started first:
 * <ul>
 * <li>p-3 bradycardia@400, open
 * <li>p-2 tachycardia@300, open
 * <li>p-3 tachycardia@250, resolved by dr.who@270, then ended@290
 * <li>p-1 device silent@200, open
 * <li>p-2 bradycardia@110, acknowledged by nurse.jane@120
 * <li>p-1 tachycardia@100, ended@130 and so resolved automatically
 * <li>p-2 bradycardia@50, acknowledged by nurse.jane@60, ended@90 and so resolved automatically
 * </ul>
 * Each was detected 4 seconds after it started, the silent device's 62.
 */
final class ApiTestData {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    static final int RESOLVE_AFTER_VALID = 3;

    static final String TACHYCARDIA = "sustained_tachycardia";

    static final String BRADYCARDIA = "sustained_bradycardia";

    static final String DEVICE_SILENT = "device_silent";

    /** How the seeded alarms that ended say they were resolved. */
    static final String AUTO_ALARM = "auto (5 valid readings)";

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

    static void storeAlarms(JdbcTemplate jdbc) {
        // The readings went in through the application's writer, whose alarm detector raised alarms of its own (p-1
        // falls silent after second 11 while others report on): the API is tested on these alarms alone.
        jdbc.update("DELETE FROM patient_alarms");
        List<Alarm> alarms = List.of(new Alarm("p-3", BRADYCARDIA, 400, 404, null, "open", null, null, null, null),
                new Alarm("p-2", TACHYCARDIA, 300, 304, null, "open", null, null, null, null),
                new Alarm("p-3", TACHYCARDIA, 250, 254, 290, "resolved", null, null, 270, "dr.who"),
                new Alarm("p-1", DEVICE_SILENT, 200, 262, null, "open", null, null, null, null),
                new Alarm("p-2", BRADYCARDIA, 110, 114, null, "acknowledged", 120, "nurse.jane", null, null),
                new Alarm("p-1", TACHYCARDIA, 100, 104, 130, "resolved", null, null, 130, AUTO_ALARM),
                new Alarm("p-2", BRADYCARDIA, 50, 54, 90, "resolved", 60, "nurse.jane", 90, AUTO_ALARM));
        jdbc.batchUpdate("INSERT INTO patient_alarms (patient_id, kind, started_at, detected_at, ended_at, state,"
                + " acknowledged_at, acknowledged_by, resolved_at, resolved_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                alarms.stream().map(Alarm::values).toList());
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

    private record Alarm(String patientId, String kind, int started, int detected, Integer ended,
            String state, Integer acknowledged, String acknowledgedBy, Integer resolved,
            String resolvedBy) {

        Object[] values() {
            return new Object[] { this.patientId, this.kind, time(this.started), time(this.detected),
                    time(this.ended), this.state, time(this.acknowledged), this.acknowledgedBy, time(this.resolved),
                    this.resolvedBy };
        }

        private static OffsetDateTime time(Integer second) {
            return (second != null) ? at(second).atOffset(ZoneOffset.UTC) : null;
        }
    }
}
