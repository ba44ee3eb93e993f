package io.heartbeat.dashboards;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads seven patients' two hours into a migrated database and checks the exact rows the scale benchmark measures
 * on: counts by status and anomaly, one alert per non-valid reading, which alerts stay open, and values in the bands
 * the producer uses.
 */
class SyntheticHistoryIntegrationTests {

    private static final Instant END = Instant.parse("2026-11-25T10:00:00Z");

    private static final int PATIENTS = 7;

    private static final int HOURS = 2;

    private static final List<Integer> PROGRESS = new ArrayList<>();

    private static JdbcTemplate jdbc;

    private static SyntheticHistory.Loaded loaded;

    @BeforeAll
    static void load() {
        TestPostgres.Database database = TestPostgres.freshDatabase().migrate();
        loaded = SyntheticHistory.load(database.dataSource(), PATIENTS, HOURS, END, PROGRESS::add);
        jdbc = new JdbcTemplate(database.dataSource());
    }

    @Test
    void onePatientReadsOnceASecondAndEveryHourIsReported() {
        assertThat(loaded.readings()).isEqualTo(50_400);
        assertThat(PROGRESS).containsExactly(1, 2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM heartbeats", Long.class)).isEqualTo(50_400);
        assertThat(jdbc.queryForObject("SELECT count(DISTINCT event_id) FROM heartbeats", Long.class))
            .isEqualTo(50_400);
        assertThat(jdbc.queryForList("SELECT min(timestamp)::text || '|' || max(timestamp)::text"
                + " FROM heartbeats", String.class))
            .containsExactly("2026-11-25 08:00:00+00|2026-11-25 09:59:59.857143+00");
    }

    @Test
    void everyReadingAndAlertIsInItsDaysPartitionNoneInTheDefault() {
        assertThat(rows("SELECT tableoid::regclass::text, count(*) FROM heartbeats GROUP BY 1"))
            .containsExactly("heartbeats_p20261125|50400");
        assertThat(rows("SELECT tableoid::regclass::text, count(*) > 0 FROM heartbeat_alerts GROUP BY 1"))
            .containsExactly("heartbeat_alerts_p20261125|true");
    }

    @Test
    void statusesAndAnomaliesFollowTheProducersDefaultMix() {
        // per patient and minute: 48 valid, 3 low, 3 high, 1 each of the six other faults
        assertThat(rows("SELECT validation_status, count(*) FROM heartbeats GROUP BY 1 ORDER BY 1")).containsExactly(
                "corrupted|2520", "invalid_physiological|5040", "invalid_system|2520", "valid|40320");
        assertThat(rows("SELECT anomaly_type, count(*) FROM heartbeats WHERE anomaly_type IS NOT NULL"
                + " GROUP BY 1 ORDER BY 1")).containsExactly("high_bpm|2520", "low_bpm|2520", "malformed_json|840",
                        "missing_field|840", "negative_value|840", "null_value|840", "overflow_value|840",
                        "parsing_error|840");
        assertThat(SyntheticMix.perMinute()).containsExactlyInAnyOrderEntriesOf(Map.of("valid", 48L, "low_bpm", 3L,
                "high_bpm", 3L, "null_value", 1L, "negative_value", 1L, "overflow_value", 1L, "parsing_error", 1L,
                "missing_field", 1L, "malformed_json", 1L));
    }

    @Test
    void valuesLieInTheBandsOfTheirStatus() {
        assertThat(rows("SELECT anomaly_type, min(heartbeat_value), max(heartbeat_value), count(raw_payload)"
                + " FROM heartbeats GROUP BY 1 ORDER BY 1")).containsExactly("high_bpm|121|200|2520",
                        "low_bpm|30|49|2520", "malformed_json|null|null|840", "missing_field|null|null|840",
                        "negative_value|-99|-3|840", "null_value|null|null|840", "overflow_value|303|999|840",
                        "parsing_error|null|null|840", "null|62|107|0");
        assertThat(rows("SELECT patient_id, count(*) FROM heartbeats GROUP BY 1 ORDER BY 1 LIMIT 2"))
            .containsExactly("patient-0001|7080", "patient-0002|7080");
        assertThat(rows("SELECT count(*) FROM heartbeats WHERE patient_id = 'unknown'")).containsExactly("840");
    }

    @Test
    void everyNonValidReadingHasOneAlertOpenOnlyInTheLastMinuteOrWithoutAPatient() {
        assertThat(rows("SELECT alert_category, count(*) FROM heartbeat_alerts GROUP BY 1 ORDER BY 1"))
            .containsExactly("data_corruption|2520", "physiological_anomaly|5040", "system_anomaly|2520");
        assertThat(rows("SELECT count(*) FROM heartbeat_alerts a JOIN heartbeats h ON h.id = a.heartbeat_id"
                + " WHERE a.timestamp = h.timestamp AND a.patient_id = h.patient_id")).containsExactly("10080");
        // 840 unattributable, and 11 attributable per patient in the last minute
        assertThat(rows("SELECT resolved_flag, count(*), count(resolved_at), count(resolved_by) FROM heartbeat_alerts"
                + " GROUP BY 1 ORDER BY 1")).containsExactly("false|917|0|0", "true|9163|9163|9163");
    }

    private static List<String> rows(String sql) {
        return jdbc.query(sql, (resultSet, row) -> {
            List<String> cells = new ArrayList<>();
            for (int i = 1; i <= resultSet.getMetaData().getColumnCount(); i++) {
                cells.add(String.valueOf(resultSet.getObject(i)));
            }
            return String.join("|", cells);
        });
    }
}
