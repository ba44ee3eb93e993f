package io.heartbeat.consumer.alert;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import io.heartbeat.consumer.batch.HeartbeatRow;
import io.heartbeat.consumer.persistence.HeartbeatBatchWriter;
import io.heartbeat.consumer.persistence.RecordRefusedException;
import io.heartbeat.testsupport.TestPostgres;
import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.HeartbeatClassifier;
import io.heartbeat.validation.ValidationStatus;
import org.flywaydb.core.Flyway;
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

    /**
     * A batch locks the day partitions from its patients' oldest open alert on, not every day kept: PostgreSQL's
     * lock table would run out (docs/consumer.md, "Many days kept"). Ninety days of partitions, an alert open since
     * the day before; a dozen batches, past the driver's and PostgreSQL's switch to cached plans; the locks each
     * holds before its commit.
     */
    @Test
    void aBatchLocksTheDaysFromItsPatientsOldestOpenAlertOnAndNoOthers() {
        for (int day = -88; day <= 1; day++) {
            this.jdbc.queryForObject("SELECT heartbeat_create_day_partitions(?::date)", Boolean.class,
                    T0.plusSeconds(day * 86_400L).toString().substring(0, 10));
        }
        List<Set<String>> locked = new ArrayList<>();
        HeartbeatBatchWriter writer = new HeartbeatBatchWriter(this.database.dataSource(),
                new AlertAutoResolver(new AlertLifecycleSettings(2)), List.of((connection, rows) -> {
                    locked.add(dayPartitionsLocked(connection));
                    return () -> { };
                }));
        writer.write(List.of(high("p-1", -40_000), high("p-2", -60)));

        // p-1 never has two valid readings in a row, so its alert of the day before stays open; each batch of p-2
        // resolves the stored alert of the batch before.
        for (int batch = 0; batch < 12; batch++) {
            writer.write(List.of(valid("p-1", 10 * batch), high("p-1", 10 * batch + 1), valid("p-2", 10 * batch),
                    valid("p-2", 10 * batch + 1), high("p-2", 10 * batch + 2)));
        }

        // Readings from p-1's open alert (February 28) on; alerts from p-2's (the day of T0) on, the only ones
        // resolved; none of the 86 days before. Later days are locked too: today's and tomorrow's, which the
        // migration made.
        List<String> later = this.jdbc.queryForList("SELECT relname::text FROM pg_class WHERE relkind = 'r'"
                + " AND relname ~ '^heartbeat(s|_alerts)_p[0-9]{8}$' AND right(relname, 8) > '20260302'", String.class);
        assertThat(later).hasSize(4);
        assertThat(locked).hasSize(13);
        assertThat(locked.get(12)).containsExactlyInAnyOrderElementsOf(Stream.concat(Stream.of(
                "heartbeat_alerts_p20260301", "heartbeat_alerts_p20260302", "heartbeats_p20260228",
                "heartbeats_p20260301", "heartbeats_p20260302"), later.stream()).toList());
        assertThat(alerts()).hasSize(26).startsWith("p-1@-40000 physiological_anomaly open",
                "p-2@-60 physiological_anomaly resolved@1 by auto (2 valid readings)")
            .endsWith("p-2@102 physiological_anomaly resolved@111 by auto (2 valid readings)",
                    "p-1@111 physiological_anomaly open", "p-2@112 physiological_anomaly open");
        // p-2's resolved alert of the first batch still bounds it: less than a day behind, it is not raised.
        assertThat(openSince()).containsExactly("p-1@-40000", "p-2@-60");
    }

    /**
     * Where the resolution starts reading: each patient's open_since (V12) holds its oldest open alert or an earlier
     * time, lowered by the statement that stores an open alert, and raised or forgotten by the resolution once it
     * lags the patient's readings by more than a day.
     */
    @Test
    void openSinceFollowsEachPatientsOldestOpenAlert() {
        HeartbeatBatchWriter writer = writer(2);
        writer.write(List.of(high("p-1", 5), high("p-1", 7), valid("p-1", 8), high("p-2", 1), valid("p-3", 1)));

        assertThat(openSince()).containsExactly("p-1@5", "p-2@1");

        writer.write(List.of(valid("p-1", 9)));

        // Both alerts of p-1 resolved; its open_since, a few seconds behind, is left as it was.
        assertThat(openSince()).containsExactly("p-1@5", "p-2@1");

        writer.write(List.of(valid("p-1", TWO_DAYS), valid("p-1", TWO_DAYS + 1)));

        assertThat(openSince()).containsExactly("p-2@1");

        this.jdbc.update("UPDATE heartbeat_alerts SET resolved_flag = TRUE, resolved_at = ?::timestamptz,"
                + " resolved_by = 'nurse.jane' WHERE patient_id = 'p-2'", at(0));
        writer.write(List.of(high("p-2", 10)));

        assertThat(openSince()).containsExactly("p-2@1");

        writer.write(List.of(valid("p-2", TWO_DAYS + 11), valid("p-2", TWO_DAYS + 12)));

        assertThat(openSince()).isEmpty();
        assertThat(alerts()).containsExactly("p-2@1 physiological_anomaly resolved@0 by nurse.jane",
                "p-1@5 physiological_anomaly resolved@9 by auto (2 valid readings)",
                "p-1@7 physiological_anomaly resolved@9 by auto (2 valid readings)",
                "p-2@10 physiological_anomaly resolved@" + (TWO_DAYS + 12) + " by auto (2 valid readings)");
    }

    /** The fallback statement, which takes a redelivered batch, records open alerts as COPY's alerts do. */
    @Test
    void theFallbackStatementLowersOpenSinceToo() {
        HeartbeatBatchWriter writer = writer(2);
        writer.write(List.of(high("p-1", 5)));
        writer.write(List.of(high("p-1", 5), high("p-1", 3), high("p-2", 4)));

        assertThat(openSince()).containsExactly("p-1@3", "p-2@4");
    }

    /** A database migrated before V12 gets each patient's oldest open alert, not its resolved ones. */
    @Test
    void theMigrationFindsTheOpenAlertsStoredBeforeIt() {
        TestPostgres.Database older = TestPostgres.freshDatabase();
        Flyway.configure().configuration(older.flyway().getConfiguration()).target("11").load().migrate();
        this.jdbc = new JdbcTemplate(older.dataSource());
        this.jdbc.update("INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value, validation_status,"
                + " anomaly_type) SELECT md5(p || s)::uuid, ?::timestamptz + s * interval '1 second', p, 150,"
                + " 'invalid_physiological', 'high_bpm' FROM (VALUES ('p-1', 3), ('p-1', 4), ('p-2', 1), ('p-3', 6))"
                + " AS v (p, s)", at(0));
        this.jdbc.update("INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id, alert_category)"
                + " SELECT id, timestamp, patient_id, 'physiological_anomaly' FROM heartbeats");
        this.jdbc.update("UPDATE heartbeat_alerts SET resolved_flag = TRUE WHERE timestamp IN (?::timestamptz,"
                + " ?::timestamptz)", at(3), at(1));

        older.migrate();

        assertThat(openSince()).containsExactly("p-1@4", "p-3@6");
    }

    // The day partitions of either table the connection's transaction holds a lock on, by name.
    private static Set<String> dayPartitionsLocked(Connection connection) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT DISTINCT c.relname FROM pg_locks l JOIN pg_class c"
                        + " ON c.oid = l.relation WHERE l.pid = pg_backend_pid() AND c.relkind = 'r'"
                        + " AND c.relname ~ '^heartbeat(s|_alerts)_p[0-9]{8}$'")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    /** heartbeat_alerts_open_since as "patient@second", by patient. */
    private List<String> openSince() {
        return this.jdbc.query("SELECT patient_id, open_since FROM heartbeat_alerts_open_since ORDER BY patient_id",
                (rs, n) -> rs.getString(1) + "@" + second(rs.getObject(2, OffsetDateTime.class)));
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
