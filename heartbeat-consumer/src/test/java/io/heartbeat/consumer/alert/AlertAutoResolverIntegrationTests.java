package io.heartbeat.consumer.alert;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.heartbeat.consumer.batch.HeartbeatRow;
import io.heartbeat.consumer.persistence.HeartbeatBatchWriter;
import io.heartbeat.consumer.persistence.RecordRefusedException;
import io.heartbeat.testsupport.TestPostgres;
import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.HeartbeatClassifier;
import io.heartbeat.validation.ValidationStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Automatic resolution through the real write path and a real, migrated PostgreSQL: which alerts a streak of valid
 * readings resolves, as of when, and that replays, other patients and operators' resolutions are left alone.
 */
class AlertAutoResolverIntegrationTests {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    // Further back than the day within which the resolution first looks for the readings before a batch's.
    private static final int TWO_DAYS = 2 * 24 * 3600;

    private TestPostgres.Database database;

    private JdbcTemplate jdbc;

    private long offset;

    @BeforeEach
    void migrateAFreshDatabase() {
        this.database = TestPostgres.freshDatabase().migrate();
        this.jdbc = new JdbcTemplate(this.database.dataSource());
    }

    @Test
    void theKthConsecutiveValidReadingResolvesEveryEarlierOpenAlertOfThePatientAsOfItsTime() {
        HeartbeatBatchWriter writer = writer(3);
        writer.write(List.of(high("p-1", 1), nullValue("p-1", 2), valid("p-1", 3), valid("p-1", 4)));

        assertThat(alerts()).containsExactly("p-1@1 physiological_anomaly open", "p-1@2 system_anomaly open");

        writer.write(List.of(valid("p-1", 5)));

        assertThat(alerts()).containsExactly("p-1@1 physiological_anomaly resolved@5 by auto (3 valid readings)",
                "p-1@2 system_anomaly resolved@5 by auto (3 valid readings)");
    }

    @Test
    void aNonValidReadingStartsTheCountAgain() {
        HeartbeatBatchWriter writer = writer(3);
        writer.write(List.of(high("p-1", 1), valid("p-1", 2), valid("p-1", 3), nullValue("p-1", 4), valid("p-1", 5),
                valid("p-1", 6)));

        assertThat(alerts()).containsExactly("p-1@1 physiological_anomaly open", "p-1@4 system_anomaly open");

        writer.write(List.of(valid("p-1", 7)));

        assertThat(alerts()).containsExactly("p-1@1 physiological_anomaly resolved@7 by auto (3 valid readings)",
                "p-1@4 system_anomaly resolved@7 by auto (3 valid readings)");
    }

    @Test
    void aStreakResolvesOnlyTheAlertsBeforeIt() {
        writer(3).write(List.of(high("p-1", 1), valid("p-1", 2), valid("p-1", 3), valid("p-1", 4), high("p-1", 5),
                valid("p-1", 6)));

        assertThat(alerts()).containsExactly("p-1@1 physiological_anomaly resolved@4 by auto (3 valid readings)",
                "p-1@5 physiological_anomaly open");
    }

    @Test
    void aStreakSpreadOverSeveralBatchesCounts() {
        HeartbeatBatchWriter writer = writer(5);
        writer.write(List.of(valid("p-1", 0), high("p-1", 1), valid("p-1", 2), valid("p-1", 3)));
        writer.write(List.of(valid("p-1", 4)));
        writer.write(List.of(valid("p-1", 5)));

        assertThat(alerts()).containsExactly("p-1@1 physiological_anomaly open");

        writer.write(List.of(valid("p-1", 6), valid("p-1", 7)));

        assertThat(alerts()).containsExactly("p-1@1 physiological_anomaly resolved@6 by auto (5 valid readings)");
    }

    @Test
    void aStreakCountsTheReadingsOfDaysBeforeAndAnAlertOfDaysBeforeResolves() {
        HeartbeatBatchWriter writer = writer(3);
        writer.write(List.of(high("p-1", 0), valid("p-1", 1), valid("p-1", 2), high("p-2", 0)));
        writer.write(List.of(valid("p-1", TWO_DAYS), valid("p-2", TWO_DAYS), valid("p-2", TWO_DAYS + 1)));

        assertThat(alerts()).containsExactly("p-1@0 physiological_anomaly resolved@" + TWO_DAYS
                + " by auto (3 valid readings)", "p-2@0 physiological_anomaly open");

        writer.write(List.of(valid("p-2", TWO_DAYS + 2)));

        assertThat(alerts()).containsExactly("p-1@0 physiological_anomaly resolved@" + TWO_DAYS
                + " by auto (3 valid readings)", "p-2@0 physiological_anomaly resolved@" + (TWO_DAYS + 2)
                        + " by auto (3 valid readings)");
    }

    @Test
    void readingsCountInTheOrderOfTheirTimeNotOfTheirArrival() {
        writer(3).write(List.of(valid("p-1", 12), valid("p-1", 11), high("p-1", 10)));

        assertThat(alerts()).containsExactly("p-1@10 physiological_anomaly open");

        writer(3).write(List.of(valid("p-1", 13)));

        assertThat(alerts()).containsExactly("p-1@10 physiological_anomaly resolved@13 by auto (3 valid readings)");
    }

    @Test
    void otherPatientsAndAlertsWithoutAPatientStayOpen() {
        writer(2).write(List.of(high("p-1", 1), nullValue("p-2", 1), corrupted(2), valid("p-1", 3), valid("p-1", 4),
                high("p-3", 3), valid("p-3", 4)));

        assertThat(alerts()).containsExactly("p-1@1 physiological_anomaly resolved@4 by auto (2 valid readings)",
                "p-2@1 system_anomaly open", "unknown@2 data_corruption open", "p-3@3 physiological_anomaly open");
    }

    @Test
    void replayingTheBatchesChangesNothing() {
        List<List<HeartbeatRow>> batches = List.of(List.of(high("p-1", 1), valid("p-1", 2)),
                List.of(valid("p-1", 3), high("p-1", 4), valid("p-1", 5)));
        batches.forEach(writer(2)::write);
        List<String> resolved = alerts();

        batches.forEach(writer(2)::write);

        assertThat(resolved).containsExactly("p-1@1 physiological_anomaly resolved@3 by auto (2 valid readings)",
                "p-1@4 physiological_anomaly open");
        assertThat(alerts()).isEqualTo(resolved);
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM heartbeats", Long.class)).isEqualTo(5);
    }

    @Test
    void anOperatorsResolutionIsKeptAndAnAcknowledgedAlertStillResolves() {
        HeartbeatBatchWriter writer = writer(1);
        writer.write(List.of(high("p-1", 1), high("p-1", 2)));
        this.jdbc.update("UPDATE heartbeat_alerts SET resolved_flag = TRUE, resolved_at = ?::timestamptz,"
                + " resolved_by = 'nurse.jane' WHERE timestamp = ?::timestamptz", "2026-03-01T10:00:30Z", at(1));
        this.jdbc.update("UPDATE heartbeat_alerts SET acknowledged_at = now(), acknowledged_by = 'dr.who'"
                + " WHERE timestamp = ?::timestamptz", at(2));

        writer.write(List.of(valid("p-1", 3)));

        assertThat(alerts()).containsExactly("p-1@1 physiological_anomaly resolved@30 by nurse.jane",
                "p-1@2 physiological_anomaly resolved@3 by auto (1 valid readings)");
        assertThat(this.jdbc.queryForObject("SELECT acknowledged_by FROM heartbeat_alerts WHERE timestamp ="
                + " ?::timestamptz", String.class, at(2))).isEqualTo("dr.who");
    }

    @Test
    void theRowsCommittedBeforeARefusedRowResolveToo() {
        HeartbeatRow refused = row(new ClassifiedReading(UUID.randomUUID(), "p-2", T0, new BigDecimal("1E+200000"),
                ValidationStatus.INVALID_SYSTEM, AnomalyType.OVERFLOW_VALUE, "{}"));

        assertThatExceptionOfType(RecordRefusedException.class).isThrownBy(() -> writer(2)
            .write(List.of(high("p-1", 1), valid("p-1", 2), valid("p-1", 3), refused, valid("p-1", 4))));

        assertThat(alerts()).containsExactly("p-1@1 physiological_anomaly resolved@3 by auto (2 valid readings)");
    }

    private HeartbeatBatchWriter writer(int resolveAfterValid) {
        return new HeartbeatBatchWriter(this.database.dataSource(),
                new AlertAutoResolver(new AlertLifecycleSettings(resolveAfterValid)), List.of());
    }

    /** Every alert as "patient@second category state", in the order of its reading's time. */
    private List<String> alerts() {
        return this.jdbc.query("SELECT patient_id, timestamp, alert_category, resolved_flag, resolved_at, resolved_by"
                + " FROM heartbeat_alerts ORDER BY timestamp, alert_id", (rs, n) -> rs.getString(1) + "@"
                        + second(rs.getObject(2, OffsetDateTime.class)) + " " + rs.getString(3) + " "
                        + (rs.getBoolean(4) ? "resolved@" + second(rs.getObject(5, OffsetDateTime.class)) + " by "
                                + rs.getString(6) : "open"));
    }

    private static long second(OffsetDateTime time) {
        return time.toEpochSecond() - T0.getEpochSecond();
    }

    private static String at(int second) {
        return T0.plusSeconds(second).toString();
    }

    private HeartbeatRow valid(String patientId, int second) {
        return reading(patientId, second, new BigDecimal("72"), ValidationStatus.VALID, null);
    }

    private HeartbeatRow high(String patientId, int second) {
        return reading(patientId, second, new BigDecimal("150"), ValidationStatus.INVALID_PHYSIOLOGICAL,
                AnomalyType.HIGH_BPM);
    }

    private HeartbeatRow nullValue(String patientId, int second) {
        return reading(patientId, second, null, ValidationStatus.INVALID_SYSTEM, AnomalyType.NULL_VALUE);
    }

    private HeartbeatRow corrupted(int second) {
        return row(new ClassifiedReading(null, HeartbeatClassifier.UNKNOWN_PATIENT, T0.plusSeconds(second), null,
                ValidationStatus.CORRUPTED, AnomalyType.MALFORMED_JSON, "not json"));
    }

    private HeartbeatRow reading(String patientId, int second, BigDecimal value, ValidationStatus status,
            AnomalyType anomaly) {
        UUID eventId = UUID.nameUUIDFromBytes((patientId + "@" + second).getBytes(StandardCharsets.UTF_8));
        return row(new ClassifiedReading(eventId, patientId, T0.plusSeconds(second), value, status, anomaly,
                (status == ValidationStatus.VALID) ? null : "{}"));
    }

    private HeartbeatRow row(ClassifiedReading reading) {
        long next = this.offset++;
        UUID key = (reading.eventId() != null) ? reading.eventId()
                : UUID.nameUUIDFromBytes(("heartbeats/0/" + next).getBytes(StandardCharsets.UTF_8));
        return new HeartbeatRow("heartbeats", 0, next, key, reading, null);
    }
}
