package io.heartbeat.dashboards;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A fixed data set for the dashboard and alert-rule queries: five patients and unattributable corrupted records,
 * every status, timestamps relative to {@link #NOW}. Each reading is stored one second after its timestamp, and
 * each non-valid one raises its alert, as the consumer does.
 */
final class SeededHeartbeats {

    /** The moment the dashboards are looked at and the rules evaluated. */
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private static final List<Reading> READINGS = List.of(
            // p-001: steady, then three high readings in the last 30 s (too few to be a sustained tachycardia)
            valid("p-001", 600, 72), valid("p-001", 300, 80), valid("p-001", 120, 76),
            physiological("p-001", 25, 150, "high_bpm"), physiological("p-001", 15, 160, "high_bpm"),
            physiological("p-001", 5, 170, "high_bpm"), valid("p-001", 3600, 110),
            // p-002: three low readings, only two of them in the last 30 s; an alert of an hour ago
            valid("p-002", 598, 60), physiological("p-002", 40, 40, "low_bpm"),
            physiological("p-002", 20, 42, "low_bpm"), physiological("p-002", 9, 38, "low_bpm"),
            valid("p-002", 7, 64), physiological("p-002", 3600, 130, "high_bpm"),
            // p-003: silent for the last 45 s; its system anomaly's alert is resolved
            valid("p-003", 400, 90), system("p-003", 200, null, "null_value"), valid("p-003", 45, 100),
            // p-004: last seen 11 minutes ago; p-005: only an hour ago
            valid("p-004", 660, 70), system("p-004", 700, "-5", "negative_value"), valid("p-005", 3600, 88),
            corrupted(100, "malformed_json", "not json"),
            corrupted(30, "missing_field", "{\"patient_id\":\"p-001\"}"));

    /** Runs of out-of-range readings in the 30 s before {@link #NOW}, for the sustained-rhythm rule. */
    private static final List<Reading> SUSTAINED_RHYTHMS = sustainedRhythms();

    private SeededHeartbeats() {
    }

    static void insertInto(DataSource owner) {
        insert(owner, READINGS);
    }

    /**
     * p-101: 8 high of 12 heart-rate readings, and a null value; p-102: 5 low of 11; p-103: 5 high and two null
     * values (no heart rate); p-104: 4 high of 4.
     */
    static void insertSustainedRhythmsInto(DataSource owner) {
        insert(owner, SUSTAINED_RHYTHMS);
    }

    private static List<Reading> sustainedRhythms() {
        List<Reading> readings = new ArrayList<>();
        for (int second = 1; second <= 13; second++) {
            readings.add((second <= 8) ? physiological("p-101", second, 130 + second, "high_bpm")
                    : (second >= 10) ? valid("p-101", second, 100) : system("p-101", second, null, "null_value"));
            if (second <= 11) {
                readings.add((second % 2 == 0) ? physiological("p-102", second, 45, "low_bpm")
                        : valid("p-102", second, 60));
            }
            if (second <= 7) {
                readings.add((second <= 5) ? physiological("p-103", second, 140, "high_bpm")
                        : system("p-103", second, null, "null_value"));
            }
            if (second <= 4) {
                readings.add(physiological("p-104", second, 150, "high_bpm"));
            }
        }
        return readings;
    }

    private static void insert(DataSource owner, List<Reading> readings) {
        JdbcTemplate jdbc = new JdbcTemplate(owner);
        for (int i = 0; i < readings.size(); i++) {
            Reading reading = readings.get(i);
            Instant timestamp = NOW.minusSeconds(reading.secondsAgo());
            jdbc.update("INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value, validation_status,"
                    + " anomaly_type, raw_payload, created_at) VALUES (?, ?, ?, ?::numeric, ?, ?, ?, ?)",
                    UUID.nameUUIDFromBytes(("seed-" + i).getBytes(StandardCharsets.UTF_8)), Timestamp.from(timestamp),
                    reading.patientId(), reading.value(), reading.status(), reading.anomalyType(),
                    reading.rawPayload(), Timestamp.from(timestamp.plusSeconds(1)));
        }
        jdbc.update("INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id, heartbeat_value,"
                + " alert_category, resolved_flag, created_at) SELECT id, timestamp, patient_id, heartbeat_value,"
                + " CASE validation_status WHEN 'invalid_physiological' THEN 'physiological_anomaly'"
                + " WHEN 'invalid_system' THEN 'system_anomaly' ELSE 'data_corruption' END,"
                + " anomaly_type = 'null_value', created_at FROM heartbeats WHERE validation_status <> 'valid'"
                + " ORDER BY id");
    }

    private static Reading valid(String patientId, int secondsAgo, int value) {
        return new Reading(patientId, secondsAgo, Integer.toString(value), "valid", null, null);
    }

    private static Reading physiological(String patientId, int secondsAgo, int value, String anomalyType) {
        return new Reading(patientId, secondsAgo, Integer.toString(value), "invalid_physiological", anomalyType,
                "{\"heartbeat_value\":" + value + "}");
    }

    private static Reading system(String patientId, int secondsAgo, String value, String anomalyType) {
        return new Reading(patientId, secondsAgo, value, "invalid_system", anomalyType,
                "{\"heartbeat_value\":" + value + "}");
    }

    private static Reading corrupted(int secondsAgo, String anomalyType, String rawPayload) {
        return new Reading("unknown", secondsAgo, null, "corrupted", anomalyType, rawPayload);
    }

    private record Reading(String patientId, int secondsAgo, String value, String status, String anomalyType,
            String rawPayload) {
    }
}
