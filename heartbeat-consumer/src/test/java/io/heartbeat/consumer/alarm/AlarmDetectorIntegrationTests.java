package io.heartbeat.consumer.alarm;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.heartbeat.consumer.alert.AlertAutoResolver;
import io.heartbeat.consumer.alert.AlertLifecycleSettings;
import io.heartbeat.consumer.batch.BatchTransactionStep;
import io.heartbeat.consumer.batch.HeartbeatRow;
import io.heartbeat.consumer.persistence.BatchWriteException;
import io.heartbeat.consumer.persistence.DocumentedGrants;
import io.heartbeat.consumer.persistence.HeartbeatBatchWriter;
import io.heartbeat.testsupport.TestPostgres;
import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.HeartbeatClassifier;
import io.heartbeat.validation.ValidationStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The in-stream alarms through the real write path and a real, migrated PostgreSQL: which episodes open an alarm,
 * when they end, and that redeliveries, retries, restarts and operators' resolutions never make a second alarm of
 * one episode. Each scenario runs twice: with one consumer for all its batches, whose detector keeps the states it
 * committed, and with a new one for each batch, which reads them from the table.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(AlarmDetectorIntegrationTests.Consumer.class)
class AlarmDetectorIntegrationTests {

    enum Consumer {
        ONE_FOR_ALL_BATCHES, A_NEW_ONE_FOR_EACH_BATCH
    }

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Parameter
    private Consumer consumer;

    private TestPostgres.Database database;

    private HeartbeatBatchWriter writer;

    private JdbcTemplate jdbc;

    private final long[] offsets = new long[4];

    @BeforeEach
    void migrateAFreshDatabase() {
        this.database = TestPostgres.freshDatabase().migrate();
        this.jdbc = new JdbcTemplate(this.database.dataSource());
        this.writer = newWriter();
    }

    @Test
    void fiveConsecutiveHighReadingsOpenOneTachycardiaAlarmStartedAtTheFirst() {
        writer().write(List.of(valid("p-1", 1), high("p-1", 2), high("p-1", 3), high("p-1", 4), high("p-1", 5)));
        assertThat(alarms()).isEmpty();

        writer().write(List.of(high("p-1", 6), high("p-1", 7), high("p-1", 8)));

        assertThat(alarms()).containsExactly("p-1 sustained_tachycardia @2 open");
    }

    @Test
    void lowReadingsOpenABradycardiaAlarmAndEachKindKeepsItsOwnRun() {
        writer().write(List.of(low("p-1", 1), low("p-1", 2), high("p-1", 3), high("p-1", 4), low("p-1", 5),
                low("p-1", 6), low("p-1", 7), low("p-1", 8), low("p-1", 9)));

        assertThat(alarms()).containsExactly("p-1 sustained_bradycardia @5 open");
    }

    @Test
    void isolatedSpikesAndCleanPatientsOpenNothing() {
        List<HeartbeatRow> rows = new ArrayList<>();
        for (int second = 1; second <= 40; second++) {
            rows.add((second % 5 == 0) ? high("p-1", second) : valid("p-1", second));
            rows.add((second % 10 < 4) ? low("p-2", second) : valid("p-2", second));
            rows.add(valid("p-3", second));
        }
        writer().write(rows);

        assertThat(alarms()).isEmpty();
    }

    @Test
    void aSystemAnomalyBreaksARunOfEitherKind() {
        writer().write(List.of(high("p-1", 1), high("p-1", 2), high("p-1", 3), high("p-1", 4), nullValue("p-1", 5),
                high("p-1", 6), high("p-1", 7), high("p-1", 8), high("p-1", 9)));
        assertThat(alarms()).isEmpty();

        writer().write(highs("p-1", 10, 10));
        writer().write(List.of(valid("p-1", 11), valid("p-1", 12), nullValue("p-1", 13), valid("p-1", 14),
                valid("p-1", 15), valid("p-1", 16), valid("p-1", 17)));
        assertThat(alarms()).as("four valid readings, then four").containsExactly("p-1 sustained_tachycardia @6 open");

        writer().write(List.of(valid("p-1", 18)));

        assertThat(alarms())
            .containsExactly("p-1 sustained_tachycardia @6 ended@18 resolved@18 by auto (5 valid readings)");
    }

    @Test
    void fiveValidReadingsEndTheEpisodeAndResolveItsAlarmAsOfTheFifth() {
        writer().write(highs("p-1", 1, 8));
        writer().write(List.of(valid("p-1", 9), valid("p-1", 10), valid("p-1", 11), valid("p-1", 12),
                high("p-1", 13), high("p-1", 14)));
        assertThat(alarms()).as("four valid readings do not end it, and the run after them is the same episode")
            .containsExactly("p-1 sustained_tachycardia @1 open");

        writer().write(List.of(valid("p-1", 15), valid("p-1", 16), valid("p-1", 17), valid("p-1", 18),
                valid("p-1", 19), valid("p-1", 20)));

        assertThat(alarms())
            .containsExactly("p-1 sustained_tachycardia @1 ended@19 resolved@19 by auto (5 valid readings)");
    }

    @Test
    void aNewEpisodeAfterTheEndOpensANewAlarm() {
        List<HeartbeatRow> rows = new ArrayList<>(highs("p-1", 1, 5));
        for (int second = 6; second <= 10; second++) {
            rows.add(valid("p-1", second));
        }
        rows.addAll(highs("p-1", 11, 15));
        writer().write(rows);

        assertThat(alarms()).containsExactly(
                "p-1 sustained_tachycardia @1 ended@10 resolved@10 by auto (5 valid readings)",
                "p-1 sustained_tachycardia @11 open");
    }

    @Test
    void aRedeliveryInOtherBatchesChangesNothing() {
        List<HeartbeatRow> rows = new ArrayList<>(highs("p-1", 1, 6));
        for (int second = 7; second <= 11; second++) {
            rows.add(valid("p-1", second));
        }
        rows.addAll(highs("p-1", 12, 16));
        rows.addAll(highs("p-2", 1, 4));
        writer().write(rows.subList(0, 9));
        writer().write(rows.subList(4, 14));
        writer().write(rows);
        List<String> once = alarms();
        List<String> state = states();

        // A restarted consumer (a new writer) reading all of it again, in yet other batches.
        HeartbeatBatchWriter restarted = newWriter();
        restarted.write(rows.subList(0, 3));
        restarted.write(rows.subList(3, rows.size()));

        assertThat(once).containsExactly(
                "p-1 sustained_tachycardia @1 ended@11 resolved@11 by auto (5 valid readings)",
                "p-1 sustained_tachycardia @12 open");
        assertThat(alarms()).isEqualTo(once);
        assertThat(states()).isEqualTo(state).hasSize(2);
    }

    @Test
    void theSameReadingSentAgainByTheProducerCountsOnce() {
        HeartbeatRow fourth = high("p-1", 4);
        writer().write(List.of(high("p-1", 1), high("p-1", 2), high("p-1", 3), fourth, retried(fourth)));

        assertThat(alarms()).isEmpty();
    }

    @Test
    void anAlarmAnOperatorResolvedKeepsThatResolutionAndItsEpisodeOpensNoOther() {
        writer().write(highs("p-1", 1, 5));
        this.jdbc.update("UPDATE patient_alarms SET state = 'resolved', resolved_at = ?::timestamptz,"
                + " resolved_by = 'nurse.jane'", at(6).toString());

        writer().write(highs("p-1", 6, 12));
        assertThat(alarms()).containsExactly("p-1 sustained_tachycardia @1 resolved@6 by nurse.jane");

        List<HeartbeatRow> valid = new ArrayList<>();
        for (int second = 13; second <= 17; second++) {
            valid.add(valid("p-1", second));
        }
        writer().write(valid);

        assertThat(alarms()).containsExactly("p-1 sustained_tachycardia @1 ended@17 resolved@6 by nurse.jane");
    }

    @Test
    void aPatientSilentLongerThanTheThresholdBehindItsPartitionGetsOneDeviceSilentAlarmUntilItReportsAgain() {
        List<HeartbeatRow> rows = new ArrayList<>();
        for (int second = 1; second <= 10; second++) {
            rows.add(valid("p-1", second));
            rows.add(valid("p-2", second));
        }
        writer().write(rows);
        writer().write(List.of(valid("p-1", 20), valid("p-1", 40)));
        assertThat(alarms()).as("30 s behind, not more").isEmpty();

        writer().write(List.of(valid("p-1", 41)));
        writer().write(List.of(valid("p-1", 60), valid("p-1", 90)));
        assertThat(alarms()).containsExactly("p-2 device_silent @10 open");

        writer().write(List.of(valid("p-2", 95)));

        assertThat(alarms()).containsExactly("p-2 device_silent @10 ended@95 resolved@95 by auto (reporting again)");
    }

    @Test
    void aPartitionThatStopsAsAWholePagesNobodyWhileOtherPartitionsGoOn() {
        writer().write(List.of(valid("p-1", 1), valid("p-2", 1)));
        writer().write(List.of(valid(1, "q-1", 100), valid(1, "q-1", 200)));

        assertThat(alarms()).isEmpty();
    }

    @Test
    void readingsWithARefusedTimeDoNotCountAsTheDeviceReporting() {
        writer().write(List.of(valid("p-1", 1), valid("p-2", 1), futureTime("p-2", 50), valid("p-1", 40)));

        assertThat(alarms()).containsExactly("p-2 device_silent @1 open");
    }

    @Test
    void corruptedRecordsAreLeftOut() {
        writer().write(List.of(corrupted(1), corrupted(2), corrupted(3), corrupted(4), corrupted(5)));

        assertThat(alarms()).isEmpty();
        assertThat(states()).isEmpty();
    }

    @Test
    void aPartitionBackFromAnotherInstanceIsReadAgainAndItsEpisodeAlarmedOnce() {
        List<HeartbeatRow> rows = new ArrayList<>(highs("p-1", 1, 3));
        rows.add(valid("p-2", 3));
        rows.addAll(highs("p-1", 4, 6));
        rows.addAll(highs("p-1", 41, 42));
        HeartbeatBatchWriter other = newWriter();

        writer().write(rows.subList(0, 4));
        other.write(rows.subList(4, 7));
        writer().write(rows.subList(7, 9));

        assertThat(alarms()).containsExactly("p-1 sustained_tachycardia @1 open", "p-2 device_silent @3 open");
    }

    @Test
    void aStateMovedOnByAnotherInstanceFailsTheBatchWhichItsRetryCountsOnce() {
        List<HeartbeatRow> rows = new ArrayList<>(highs("p-1", 1, 3));
        rows.addAll(highs("p-1", 4, 5));
        HeartbeatBatchWriter zombie = writer();
        zombie.write(rows.subList(0, 3));
        newWriter().write(rows.subList(3, 5));
        List<String> state = states();

        // The zombie goes on where it left off, with the records the partition's new owner stored already.
        assertThatExceptionOfType(BatchWriteException.class).isThrownBy(() -> zombie.write(rows.subList(3, 5)))
            .havingRootCause().isInstanceOf(SQLException.class)
            .matches((ex) -> "40001".equals(((SQLException) ex).getSQLState()), "SQLState 40001");
        zombie.write(rows.subList(3, 5));

        assertThat(alarms()).containsExactly("p-1 sustained_tachycardia @1 open");
        assertThat(states()).isEqualTo(state);
    }

    @Test
    void aBatchRolledBackAfterTheDetectorRanIsCountedWhenItComesAgain() {
        boolean[] fail = { true };
        BatchTransactionStep failsOnce = (connection, rows) -> {
            if (fail[0]) {
                fail[0] = false;
                throw new SQLException("the database went away", "08006");
            }
            return () -> { };
        };
        HeartbeatBatchWriter writer = writer(this.database, failsOnce);
        List<HeartbeatRow> rows = highs("p-1", 1, 5);

        assertThatExceptionOfType(BatchWriteException.class).isThrownBy(() -> writer.write(rows));
        assertThat(alarms()).isEmpty();
        writer.write(rows);

        assertThat(alarms()).containsExactly("p-1 sustained_tachycardia @1 open");
    }

    @Test
    void detectsWithOnlyTheGrantsDocsConsumerMdLists() {
        HeartbeatBatchWriter writer = writer(DocumentedGrants.writer(this.database, this.jdbc));
        List<HeartbeatRow> rows = new ArrayList<>(highs("p-1", 1, 5));
        for (int second = 6; second <= 40; second++) {
            rows.add(valid("p-1", second));
        }
        writer.write(List.of(valid("p-2", 1)));
        writer.write(rows);
        writer.write(List.of(valid("p-2", 45)));

        assertThat(alarms()).containsExactly(
                "p-1 sustained_tachycardia @1 ended@10 resolved@10 by auto (5 valid readings)",
                "p-2 device_silent @1 ended@45 resolved@45 by auto (reporting again)");
    }

    private HeartbeatBatchWriter writer() {
        return (this.consumer == Consumer.ONE_FOR_ALL_BATCHES) ? this.writer : newWriter();
    }

    private HeartbeatBatchWriter newWriter() {
        return writer(this.database);
    }

    private static HeartbeatBatchWriter writer(TestPostgres.Database database, BatchTransactionStep... after) {
        List<BatchTransactionStep> steps = new ArrayList<>();
        steps.add(new AlarmDetector(new AlarmSettings(5, 5, Duration.ofSeconds(30))));
        steps.addAll(List.of(after));
        return new HeartbeatBatchWriter(database.dataSource(), new AlertAutoResolver(AlertLifecycleSettings.DEFAULT),
                steps);
    }

    /** Every alarm as "patient kind @start state", in the order of patient and start. */
    private List<String> alarms() {
        return this.jdbc.query("SELECT patient_id, kind, started_at, ended_at, state, resolved_at, resolved_by,"
                + " detected_at FROM patient_alarms ORDER BY patient_id, started_at, kind", (rs, n) -> {
                    OffsetDateTime ended = rs.getObject(4, OffsetDateTime.class);
                    assertThat(rs.getObject(8, OffsetDateTime.class)).isNotNull();
                    return rs.getString(1) + " " + rs.getString(2) + " @" + second(rs.getObject(3, OffsetDateTime.class))
                            + ((ended != null) ? " ended@" + second(ended) : "") + " "
                            + (rs.getString(5).equals("resolved") ? "resolved@"
                                    + second(rs.getObject(6, OffsetDateTime.class)) + " by " + rs.getString(7)
                                    : rs.getString(5));
                });
    }

    private List<String> states() {
        return this.jdbc.query("SELECT * FROM patient_alarm_state ORDER BY patient_id", (rs, n) -> {
            StringBuilder row = new StringBuilder();
            for (int column = 1; column <= rs.getMetaData().getColumnCount(); column++) {
                row.append(rs.getString(column)).append('|');
            }
            return row.toString();
        });
    }

    private static long second(OffsetDateTime time) {
        return time.toEpochSecond() - T0.getEpochSecond();
    }

    private static Instant at(int second) {
        return T0.plusSeconds(second);
    }

    private List<HeartbeatRow> highs(String patientId, int from, int to) {
        List<HeartbeatRow> rows = new ArrayList<>();
        for (int second = from; second <= to; second++) {
            rows.add(high(patientId, second));
        }
        return rows;
    }

    private HeartbeatRow valid(String patientId, int second) {
        return valid(0, patientId, second);
    }

    private HeartbeatRow valid(int partition, String patientId, int second) {
        return reading(partition, patientId, second, new BigDecimal("72"), ValidationStatus.VALID, null);
    }

    private HeartbeatRow high(String patientId, int second) {
        return reading(0, patientId, second, new BigDecimal("150"), ValidationStatus.INVALID_PHYSIOLOGICAL,
                AnomalyType.HIGH_BPM);
    }

    private HeartbeatRow low(String patientId, int second) {
        return reading(0, patientId, second, new BigDecimal("30"), ValidationStatus.INVALID_PHYSIOLOGICAL,
                AnomalyType.LOW_BPM);
    }

    private HeartbeatRow nullValue(String patientId, int second) {
        return reading(0, patientId, second, null, ValidationStatus.INVALID_SYSTEM, AnomalyType.NULL_VALUE);
    }

    private HeartbeatRow futureTime(String patientId, int second) {
        return reading(0, patientId, second, new BigDecimal("72"), ValidationStatus.INVALID_SYSTEM,
                AnomalyType.FUTURE_TIMESTAMP);
    }

    private HeartbeatRow corrupted(int second) {
        return row(0, new ClassifiedReading(null, HeartbeatClassifier.UNKNOWN_PATIENT, at(second), null,
                ValidationStatus.CORRUPTED, AnomalyType.MALFORMED_JSON, "not json"));
    }

    // The same reading at the partition's next offset, as a producer's retry delivers it.
    private HeartbeatRow retried(HeartbeatRow row) {
        return new HeartbeatRow(row.topic(), row.partition(), this.offsets[row.partition()]++, row.deliveryKey(),
                row.reading(), row.payload());
    }

    private HeartbeatRow reading(int partition, String patientId, int second, BigDecimal value,
            ValidationStatus status, AnomalyType anomaly) {
        UUID eventId = UUID.nameUUIDFromBytes((patientId + "@" + second).getBytes(StandardCharsets.UTF_8));
        return row(partition, new ClassifiedReading(eventId, patientId, at(second), value, status, anomaly,
                (status == ValidationStatus.VALID) ? null : "{}"));
    }

    private HeartbeatRow row(int partition, ClassifiedReading reading) {
        long next = this.offsets[partition]++;
        UUID key = (reading.eventId() != null) ? reading.eventId()
                : UUID.nameUUIDFromBytes(("heartbeats/" + partition + "/" + next).getBytes(StandardCharsets.UTF_8));
        return new HeartbeatRow("heartbeats", partition, next, key, reading, null);
    }
}
