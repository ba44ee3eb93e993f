package io.heartbeat.consumer.persistence;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.heartbeat.consumer.alert.AlertAutoResolver;
import io.heartbeat.consumer.alert.AlertLifecycleSettings;
import io.heartbeat.consumer.batch.HeartbeatRow;
import io.heartbeat.testsupport.TestPostgres;
import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.HeartRateLimits;
import io.heartbeat.validation.HeartbeatClassifier;
import io.heartbeat.validation.ValidationStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The write path against a real, migrated PostgreSQL: what one batch stores, that a replay stores nothing, and
 * what happens when PostgreSQL refuses a row.
 */
class HeartbeatBatchWriterIntegrationTests {

    private static final String TOPIC = "heartbeats";

    private static final Instant RECEIVED = Instant.parse("2026-03-01T10:00:00Z");

    private static final String CONFLICTED = "018f0000-0000-7000-8000-000000000070";

    private final HeartbeatClassifier classifier = new HeartbeatClassifier(HeartRateLimits.DEFAULT);

    private TestPostgres.Database database;

    private JdbcTemplate jdbc;

    private HeartbeatBatchWriter writer;

    @BeforeEach
    void migrateAFreshDatabase() {
        this.database = TestPostgres.freshDatabase().migrate();
        this.jdbc = new JdbcTemplate(this.database.dataSource());
        this.writer = writer(this.database.dataSource());
    }

    @Test
    void storesEveryRowOfABatchAndOneAlertPerNonValidRow() {
        List<HeartbeatRow> rows = List.of(
                row(0, json("018f0000-0000-7000-8000-000000000001", "p-1", "2026-03-01T09:59:58.123456Z", "72")),
                row(1, json("018f0000-0000-7000-8000-000000000002", "p-2", "2026-03-01T09:59:59+02:00", "30.5")),
                row(2, json("018f0000-0000-7000-8000-000000000003", "p-3", "2026-03-01T09:59:59Z", "null")),
                row(3, json("018f0000-0000-7000-8000-000000000004", "p-4", "1969-07-20T20:17:40Z", "-5")),
                row(4, "not json {\"a\",\\ 'NULL' \u00e9}".getBytes(StandardCharsets.UTF_8)),
                row(5, new byte[] { 'x', 0, (byte) 0xff }));

        WriteResult result = this.writer.write(rows);

        assertThat(result).isEqualTo(new WriteResult(Map.of(ValidationStatus.VALID, 1,
                ValidationStatus.INVALID_PHYSIOLOGICAL, 1, ValidationStatus.INVALID_SYSTEM, 2,
                ValidationStatus.CORRUPTED, 2), 0, 0));
        assertThat(storedRows()).containsExactly(
                new StoredRow(UUID.fromString("018f0000-0000-7000-8000-000000000001"),
                        Instant.parse("2026-03-01T09:59:58.123456Z"), "p-1", new BigDecimal("72"), "valid", null, null,
                        0, 0),
                new StoredRow(UUID.fromString("018f0000-0000-7000-8000-000000000002"),
                        Instant.parse("2026-03-01T07:59:59Z"), "p-2", new BigDecimal("30.5"), "invalid_physiological",
                        "low_bpm", text(rows.get(1)), 0, 1),
                new StoredRow(UUID.fromString("018f0000-0000-7000-8000-000000000003"),
                        Instant.parse("2026-03-01T09:59:59Z"), "p-3", null, "invalid_system", "null_value",
                        text(rows.get(2)), 0, 2),
                new StoredRow(UUID.fromString("018f0000-0000-7000-8000-000000000004"),
                        Instant.parse("1969-07-20T20:17:40Z"), "p-4", new BigDecimal("-5"), "invalid_system",
                        "negative_value", text(rows.get(3)), 0, 3),
                new StoredRow(UUID.nameUUIDFromBytes("heartbeats/0/4".getBytes(StandardCharsets.UTF_8)), RECEIVED,
                        "unknown", null, "corrupted", "malformed_json", "not json {\"a\",\\ 'NULL' \u00e9}", 0, 4),
                new StoredRow(UUID.nameUUIDFromBytes("heartbeats/0/5".getBytes(StandardCharsets.UTF_8)), RECEIVED,
                        "unknown", null, "corrupted", "malformed_json", "x\\x00\\xff", 0, 5));
        assertThat(this.jdbc.queryForList("SELECT h.kafka_offset || ' ' || a.alert_category || ' ' || a.patient_id"
                + " || ' ' || coalesce(a.heartbeat_value::text, '-') || ' ' || (a.timestamp = h.timestamp)"
                + " FROM heartbeat_alerts a JOIN heartbeats h ON h.id = a.heartbeat_id ORDER BY h.kafka_offset",
                String.class))
            .containsExactly("1 physiological_anomaly p-2 30.5 true", "2 system_anomaly p-3 - true",
                    "3 system_anomaly p-4 -5 true", "4 data_corruption unknown - true",
                    "5 data_corruption unknown - true");
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM heartbeat_alerts WHERE resolved_flag", Long.class))
            .isZero();
    }

    @Test
    void writingTheSameBatchAgainInsertsNothing() {
        List<HeartbeatRow> rows = List.of(
                row(0, json("018f0000-0000-7000-8000-000000000011", "p-1", "2026-03-01T09:59:58Z", "80")),
                row(1, json("018f0000-0000-7000-8000-000000000012", "p-1", "2026-03-01T09:59:59Z", "400")),
                row(2, "garbage".getBytes(StandardCharsets.UTF_8)));
        this.writer.write(rows);
        List<StoredRow> stored = storedRows();

        WriteResult replay = this.writer.write(rows);

        assertThat(replay).isEqualTo(new WriteResult(Map.of(), 3, 0));
        assertThat(storedRows()).isEqualTo(stored);
        assertThat(count("heartbeat_alerts")).isEqualTo(2);
    }

    @Test
    void aBatchOverlappingAStoredOneStoresOnlyItsNewRowsWithTheirAlerts() {
        List<HeartbeatRow> first = List.of(
                row(0, json("018f0000-0000-7000-8000-000000000061", "p-1", "2026-03-01T09:59:57Z", "80")),
                row(1, json("018f0000-0000-7000-8000-000000000062", "p-1", "2026-03-01T09:59:58Z", "400")));
        List<HeartbeatRow> overlapping = List.of(first.get(1),
                row(2, json("018f0000-0000-7000-8000-000000000063", "p-2", "2026-03-01T09:59:59Z", "30")),
                row(3, json("018f0000-0000-7000-8000-000000000064", "p-2", "2026-03-01T10:00:00Z", "75")));
        this.writer.write(first);

        // COPY fails on the stored key; the batch is rolled back and inserted by the statement that skips it.
        WriteResult result = this.writer.write(overlapping);

        assertThat(result).isEqualTo(new WriteResult(
                Map.of(ValidationStatus.INVALID_PHYSIOLOGICAL, 1, ValidationStatus.VALID, 1), 1, 0));
        assertThat(this.jdbc.queryForList("SELECT kafka_offset FROM heartbeats ORDER BY kafka_offset", Long.class))
            .containsExactly(0L, 1L, 2L, 3L);
        assertThat(this.jdbc.queryForList("SELECT h.kafka_offset || ' ' || a.alert_category FROM heartbeat_alerts a"
                + " JOIN heartbeats h ON h.id = a.heartbeat_id AND h.patient_id = a.patient_id"
                + " AND h.timestamp = a.timestamp ORDER BY 1", String.class))
            .containsExactly("1 system_anomaly", "2 physiological_anomaly");
    }

    @Test
    void aDeliveryKeyTwiceInOneBatchIsStoredOnce() {
        byte[] event = json("018f0000-0000-7000-8000-000000000021", "p-1", "2026-03-01T09:59:58Z", "20");

        WriteResult result = this.writer.write(List.of(row(0, event), row(1, event)));

        assertThat(result).isEqualTo(new WriteResult(Map.of(ValidationStatus.INVALID_PHYSIOLOGICAL, 1), 1, 0));
        assertThat(this.jdbc.queryForList("SELECT kafka_offset FROM heartbeats", Long.class)).containsExactly(0L);
        assertThat(count("heartbeat_alerts")).isEqualTo(1);
    }

    @Test
    void aRecordWhoseEventIdIsStoredWithOtherContentIsStoredAsAConflictUnderItsCoordinates() {
        this.writer.write(List.of(row(0, json(CONFLICTED, "p-1", "2026-03-01T09:59:58Z", "72"))));
        byte[] conflicting = json(CONFLICTED, "p-1", "2026-03-01T09:59:58Z", "130");
        List<HeartbeatRow> batch = List.of(row(1, conflicting),
                row(2, json("018f0000-0000-7000-8000-000000000072", "p-2", "2026-03-01T09:59:59Z", "70")));

        WriteResult result = this.writer.write(batch);

        assertThat(result).isEqualTo(
                new WriteResult(Map.of(ValidationStatus.CORRUPTED, 1, ValidationStatus.VALID, 1), 0, 1));
        // Conflicts go in after the rest of their batch.
        assertThat(storedRows()).containsExactlyInAnyOrder(
                new StoredRow(UUID.fromString(CONFLICTED), Instant.parse("2026-03-01T09:59:58Z"), "p-1",
                        new BigDecimal("72"), "valid", null, null, 0, 0),
                new StoredRow(HeartbeatRow.coordinateKey(TOPIC, 0, 1), Instant.parse("2026-03-01T09:59:58Z"), "p-1",
                        new BigDecimal("130"), "corrupted", "conflicting_event_id",
                        new String(conflicting, StandardCharsets.UTF_8), 0, 1),
                new StoredRow(UUID.fromString("018f0000-0000-7000-8000-000000000072"),
                        Instant.parse("2026-03-01T09:59:59Z"), "p-2", new BigDecimal("70"), "valid", null, null, 0, 2));
        assertThat(alerts()).containsExactly("1 data_corruption p-1 130");

        // The conflict's own redelivery finds its coordinate key stored: a duplicate, like the rest of its batch.
        assertThat(this.writer.write(batch)).isEqualTo(new WriteResult(Map.of(), 2, 0));
        assertThat(count("heartbeats")).isEqualTo(3);
        assertThat(alerts()).containsExactly("1 data_corruption p-1 130");
    }

    @Test
    void onlyTheSameReadingAsStoredIsADuplicateHoweverItIsSpelled() {
        this.writer.write(List.of(row(0, json(CONFLICTED, "p-1", "2026-03-01T09:59:58Z", "72"))));
        List<HeartbeatRow> batch = List.of(
                // Duplicates: the same patient, instant (to the microsecond PostgreSQL keeps) and number.
                row(1, ("{ \"heartbeat_value\": 72.0, \"timestamp\": \"2026-03-01T10:59:58+01:00\", "
                        + "\"patient_id\": \"p-1\", \"event_id\": \"" + CONFLICTED + "\", \"firmware\": \"2.1\" }")
                    .getBytes(StandardCharsets.UTF_8)),
                row(2, json(CONFLICTED, "p-1", "2026-03-01T09:59:58.0000004Z", "72.00")),
                // Conflicts: another patient, no value, another value.
                row(3, json(CONFLICTED, "p-2", "2026-03-01T09:59:58Z", "72")),
                // A microsecond later is another delivery key, (event_id, timestamp): a reading of its own.
                row(4, json(CONFLICTED, "p-1", "2026-03-01T09:59:58.000001Z", "72")),
                row(5, json(CONFLICTED, "p-1", "2026-03-01T09:59:58Z", "null")),
                row(6, json(CONFLICTED, "p-1", "2026-03-01T09:59:58Z", "72.01")));

        WriteResult result = this.writer.write(batch);

        assertThat(result).isEqualTo(
                new WriteResult(Map.of(ValidationStatus.CORRUPTED, 3, ValidationStatus.VALID, 1), 2, 3));
        assertThat(keyedRows()).containsExactly("0 valid - " + CONFLICTED,
                "3 corrupted conflicting_event_id coordinates", "4 valid - " + CONFLICTED,
                "5 corrupted conflicting_event_id coordinates", "6 corrupted conflicting_event_id coordinates");
        assertThat(this.jdbc.queryForList("SELECT raw_payload FROM heartbeats WHERE kafka_offset > 0"
                + " ORDER BY kafka_offset", String.class))
            .containsExactly(text(batch, 2), null, text(batch, 4), text(batch, 5));
        assertThat(alerts()).containsExactly("3 data_corruption p-2 72", "5 data_corruption p-1 -",
                "6 data_corruption p-1 72.01");
    }

    @Test
    void ofTwoRecordsOfOneEventIdInOneBatchTheLaterIsAConflictUnlessItIsTheSameReading() {
        byte[] first = json(CONFLICTED, "p-1", "2026-03-01T09:59:58Z", "72");
        byte[] other = json(CONFLICTED, "p-1", "2026-03-01T09:59:58Z", "20");
        List<HeartbeatRow> batch = List.of(row(0, first), row(1, other), row(2, first), row(3, other));

        WriteResult result = this.writer.write(batch);

        // Both records of other content conflict with the reading stored under the id: each is a row of its own.
        assertThat(result).isEqualTo(
                new WriteResult(Map.of(ValidationStatus.VALID, 1, ValidationStatus.CORRUPTED, 2), 1, 2));
        assertThat(keyedRows()).containsExactly("0 valid - " + CONFLICTED,
                "1 corrupted conflicting_event_id coordinates", "3 corrupted conflicting_event_id coordinates");
        assertThat(this.jdbc.queryForList("SELECT raw_payload FROM heartbeats WHERE kafka_offset > 0", String.class))
            .containsExactly(text(batch, 1), text(batch, 3));
        assertThat(alerts()).containsExactly("1 data_corruption p-1 20", "3 data_corruption p-1 20");

        assertThat(this.writer.write(batch)).isEqualTo(new WriteResult(Map.of(), 4, 0));
        assertThat(count("heartbeats")).isEqualTo(3);
        assertThat(count("heartbeat_alerts")).isEqualTo(2);
    }

    @Test
    void aConflictWithTheRowOfABatchCommittedWhileThisOneWaitsIsFound() throws Exception {
        // Another listener thread's batch holds the id, uncommitted: this COPY waits for it on the unique index.
        try (Connection other = this.database.dataSource().getConnection()) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                statement.executeUpdate("INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value,"
                        + " validation_status, kafka_partition, kafka_offset) VALUES ('" + CONFLICTED + "',"
                        + " '2026-03-01T09:59:58Z', 'p-1', 72, 'valid', 1, 0)");
            }
            CompletableFuture<WriteResult> write = CompletableFuture.supplyAsync(() -> this.writer.write(
                    List.of(row(0, json(CONFLICTED, "p-1", "2026-03-01T09:59:58Z", "80")))));
            await().atMost(Duration.ofSeconds(30)).until(() -> this.jdbc.queryForObject("SELECT count(*) FROM"
                    + " pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
                    Long.class) == 1);
            other.commit();

            assertThat(write.get(30, TimeUnit.SECONDS))
                .isEqualTo(new WriteResult(Map.of(ValidationStatus.CORRUPTED, 1), 0, 1));
        }
        assertThat(keyedRows()).containsExactly("0 corrupted conflicting_event_id coordinates",
                "0 valid - " + CONFLICTED);
    }

    @Test
    void aRecordRedeliveredAfterTheZoneOfLocalTimesChangedIsStoredAgainUnderItsNewTime() {
        byte[] localTime = json(CONFLICTED, "p-1", "2026-03-01T09:59:58", "72");
        this.writer.write(List.of(row(0, localTime)));
        // The same record after a restart with TIMESTAMP_DEFAULT_ZONE=Europe/Paris: another instant, same offset.
        ClassifiedReading inParis = new HeartbeatClassifier(HeartRateLimits.DEFAULT, ZoneId.of("Europe/Paris"), null,
                null).classify(localTime, RECEIVED);
        assertThat(inParis.timestamp()).isEqualTo(Instant.parse("2026-03-01T08:59:58Z"));

        WriteResult result = this.writer.write(List.of(new HeartbeatRow(TOPIC, 0, 0, inParis.eventId(), inParis,
                localTime)));

        // The delivery key holds the time, as the day partitions require: docs/consumer.md says to change the zone
        // only once the consumer has caught up, so that nothing is redelivered across the change.
        assertThat(result).isEqualTo(new WriteResult(Map.of(ValidationStatus.VALID, 1), 0, 0));
        assertThat(this.jdbc.queryForList("SELECT timestamp FROM heartbeats ORDER BY id", OffsetDateTime.class))
            .extracting(OffsetDateTime::toInstant)
            .containsExactly(Instant.parse("2026-03-01T09:59:58Z"), Instant.parse("2026-03-01T08:59:58Z"));
    }

    @Test
    void aConflictBeforeARefusedRowIsCommittedAsAConflict() {
        this.writer.write(List.of(row(0, json(CONFLICTED, "p-1", "2026-03-01T09:59:58Z", "72"))));
        List<HeartbeatRow> rows = List.of(row(1, json(CONFLICTED, "p-1", "2026-03-01T09:59:58Z", "73")),
                refused(2), row(3, json("018f0000-0000-7000-8000-000000000073", "p-1", "2026-03-01T09:59:59Z", "74")));

        assertThatExceptionOfType(RecordRefusedException.class).isThrownBy(() -> this.writer.write(rows))
            .satisfies((ex) -> {
                assertThat(ex.index()).isEqualTo(1);
                assertThat(ex.written()).isEqualTo(new WriteResult(Map.of(ValidationStatus.CORRUPTED, 1), 0, 1));
            });
        assertThat(this.jdbc.queryForList("SELECT kafka_offset || ' ' || coalesce(anomaly_type, '-') FROM heartbeats"
                + " ORDER BY 1", String.class))
            .containsExactly("0 -", "1 conflicting_event_id");
        assertThat(alerts()).containsExactly("1 data_corruption p-1 73");
    }

    @Test
    void storesInstantsBeforeTheYearOne() {
        // The classifier accepts years 1 to 9999 in the payload's own offset; this one is 1 BC in UTC.
        this.writer.write(List.of(
                row(0, json("018f0000-0000-7000-8000-000000000025", "p-1", "0001-01-01T00:30:00.5+01:00", "70"))));

        assertThat(this.jdbc.queryForObject(
                "SELECT to_char(timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS BC') FROM heartbeats",
                String.class))
            .isEqualTo("0001-12-31 23:30:00.500 BC");
    }

    @Test
    void aRefusedRowIsNamedAndTheRowsBeforeItAreCommitted() {
        // NUMERIC holds at most 131072 digits before the point: PostgreSQL refuses this value (SQLState 22003).
        HeartbeatRow refused = refused(2);
        List<HeartbeatRow> rows = List.of(
                row(0, json("018f0000-0000-7000-8000-000000000030", "p-1", "2026-03-01T09:59:57Z", "70")),
                row(1, json("018f0000-0000-7000-8000-000000000031", "p-1", "2026-03-01T09:59:58Z", "130")),
                refused,
                row(3, json("018f0000-0000-7000-8000-000000000033", "p-1", "2026-03-01T09:59:59Z", "71")));

        assertThatExceptionOfType(RecordRefusedException.class).isThrownBy(() -> this.writer.write(rows))
            .satisfies((ex) -> {
                assertThat(ex.index()).isEqualTo(2);
                assertThat(ex.written()).isEqualTo(new WriteResult(
                        Map.of(ValidationStatus.VALID, 1, ValidationStatus.INVALID_PHYSIOLOGICAL, 1), 0, 0));
                assertThat(ex.getMessage()).startsWith("PostgreSQL refused heartbeats-0@2 (event_id "
                        + "018f0000-0000-7000-8000-000000000032, SQLState 22003)");
            });
        assertThat(this.jdbc.queryForList("SELECT kafka_offset FROM heartbeats ORDER BY 1", Long.class))
            .containsExactly(0L, 1L);
        assertThat(count("heartbeat_alerts")).isEqualTo(1);

        // What the error handler does next: redeliver the records after the refused one.
        assertThat(this.writer.write(rows.subList(3, 4)))
            .isEqualTo(new WriteResult(Map.of(ValidationStatus.VALID, 1), 0, 0));
        assertThat(this.jdbc.queryForList("SELECT kafka_offset FROM heartbeats ORDER BY 1", Long.class))
            .containsExactly(0L, 1L, 3L);
    }

    @Test
    void writesWithOnlyTheGrantsDocsConsumerMdLists() {
        TestPostgres.Database asWriter = DocumentedGrants.writer(this.database, this.jdbc);
        // An alert, then the five valid readings that resolve it, in one batch: the alert is stored resolved.
        List<HeartbeatRow> rows = List.of(
                row(0, json("018f0000-0000-7000-8000-000000000051", "p-1", "2026-03-01T09:59:50Z", "70")),
                row(1, json("018f0000-0000-7000-8000-000000000052", "p-1", "2026-03-01T09:59:51.25Z", "20")),
                row(2, json("018f0000-0000-7000-8000-000000000053", "p-2", "2026-03-01T09:59:52Z", "250")),
                row(3, json("018f0000-0000-7000-8000-000000000054", "p-1", "2026-03-01T09:59:53Z", "71")),
                row(4, json("018f0000-0000-7000-8000-000000000055", "p-1", "2026-03-01T09:59:54Z", "72")),
                row(5, json("018f0000-0000-7000-8000-000000000056", "p-1", "2026-03-01T09:59:55Z", "73")),
                row(6, json("018f0000-0000-7000-8000-000000000057", "p-1", "2026-03-01T09:59:56Z", "74")),
                row(7, json("018f0000-0000-7000-8000-000000000058", "p-1", "2026-03-01T09:59:57.5Z", "75")));

        WriteResult result = writer(asWriter.dataSource()).write(rows);

        assertThat(result).isEqualTo(new WriteResult(
                Map.of(ValidationStatus.VALID, 6, ValidationStatus.INVALID_PHYSIOLOGICAL, 2), 0, 0));
        assertThat(this.jdbc.queryForList("SELECT kafka_offset FROM heartbeats ORDER BY id", Long.class))
            .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(this.jdbc.queryForList("SELECT concat_ws(' ', h.kafka_offset, a.alert_category, a.patient_id,"
                + " a.heartbeat_value, a.timestamp = h.timestamp, a.resolved_flag,"
                + " to_char(a.resolved_at AT TIME ZONE 'UTC', 'HH24:MI:SS.MS'), a.resolved_by)"
                + " FROM heartbeat_alerts a JOIN heartbeats h ON h.id = a.heartbeat_id ORDER BY h.kafka_offset",
                String.class))
            .containsExactly("1 physiological_anomaly p-1 20 t t 09:59:57.500 auto (5 valid readings)",
                    "2 physiological_anomaly p-2 250 t f");
    }

    @Test
    void aDatabaseThatCannotBeReachedFailsTheWholeBatch() {
        TestPostgres.Database missing = new TestPostgres.Database(this.database.host(), this.database.port(),
                "no_such_database", this.database.user(), this.database.password());
        HeartbeatBatchWriter unreachable = writer(missing.dataSource());
        List<HeartbeatRow> rows = List.of(
                row(7, json("018f0000-0000-7000-8000-000000000041", "p-1", "2026-03-01T09:59:58Z", "70")));

        assertThatExceptionOfType(BatchWriteException.class).isThrownBy(() -> unreachable.write(rows))
            .withMessageStartingWith("Could not write heartbeats-0@7 to PostgreSQL: ")
            .withCauseInstanceOf(SQLException.class);
    }

    private HeartbeatRow row(long offset, byte[] payload) {
        ClassifiedReading reading = this.classifier.classify(payload, RECEIVED);
        UUID key = (reading.status() != ValidationStatus.CORRUPTED && reading.eventId() != null) ? reading.eventId()
                : UUID.nameUUIDFromBytes((TOPIC + "/0/" + offset).getBytes(StandardCharsets.UTF_8));
        return new HeartbeatRow(TOPIC, 0, offset, key, reading, payload);
    }

    // NUMERIC holds at most 131072 digits before the point: PostgreSQL refuses this value (SQLState 22003).
    private static HeartbeatRow refused(long offset) {
        UUID eventId = UUID.fromString("018f0000-0000-7000-8000-0000000000%02d".formatted(30 + offset));
        return new HeartbeatRow(TOPIC, 0, offset, eventId, new ClassifiedReading(eventId, "p-1", RECEIVED,
                new BigDecimal("1E+200000"), ValidationStatus.INVALID_SYSTEM, AnomalyType.OVERFLOW_VALUE, "{}"),
                "{}".getBytes(StandardCharsets.UTF_8));
    }

    // Each row as "offset status anomaly_type key", the key named "coordinates" when it is the row's coordinate key
    // (the name format RecordClassifierTests pins), or by its value.
    private List<String> keyedRows() {
        return this.jdbc.query("SELECT kafka_offset, validation_status, anomaly_type, event_id FROM heartbeats"
                + " ORDER BY kafka_offset, kafka_partition", (rs, n) -> {
                    long offset = rs.getLong(1);
                    UUID key = rs.getObject(4, UUID.class);
                    boolean coordinates = key.equals(
                            UUID.nameUUIDFromBytes((TOPIC + "/0/" + offset).getBytes(StandardCharsets.UTF_8)));
                    return String.join(" ", Long.toString(offset), rs.getString(2),
                            Objects.toString(rs.getString(3), "-"), coordinates ? "coordinates" : key.toString());
                });
    }

    private List<String> alerts() {
        return this.jdbc.queryForList("SELECT concat_ws(' ', h.kafka_offset, a.alert_category, a.patient_id,"
                + " coalesce(a.heartbeat_value::text, '-')) FROM heartbeat_alerts a JOIN heartbeats h"
                + " ON h.id = a.heartbeat_id AND h.patient_id = a.patient_id AND h.timestamp = a.timestamp"
                + " ORDER BY h.kafka_offset", String.class);
    }

    private static byte[] json(String eventId, String patientId, String timestamp, String value) {
        return ("{\"event_id\":\"" + eventId + "\",\"patient_id\":\"" + patientId + "\",\"timestamp\":\"" + timestamp
                + "\",\"heartbeat_value\":" + value + "}").getBytes(StandardCharsets.UTF_8);
    }

    // The payload's bytes as text: what raw_payload must hold for these UTF-8 payloads.
    private static String text(List<HeartbeatRow> rows, int index) {
        return new String(rows.get(index).payload(), StandardCharsets.UTF_8);
    }

    private static String text(HeartbeatRow row) {
        return row.reading().rawPayload();
    }

    private List<StoredRow> storedRows() {
        return this.jdbc.query("SELECT event_id, timestamp, patient_id, heartbeat_value, validation_status,"
                + " anomaly_type, raw_payload, kafka_partition, kafka_offset FROM heartbeats ORDER BY id",
                (rs, n) -> StoredRow.of(rs));
    }

    private long count(String table) {
        return this.jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    record StoredRow(UUID eventId, Instant timestamp, String patientId, BigDecimal heartbeatValue,
            String validationStatus, String anomalyType, String rawPayload, int kafkaPartition, long kafkaOffset) {

        static StoredRow of(ResultSet rs) throws SQLException {
            return new StoredRow(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class).toInstant(),
                    rs.getString(3), rs.getBigDecimal(4), rs.getString(5), rs.getString(6), rs.getString(7),
                    rs.getInt(8), rs.getLong(9));
        }
    }

    // Alerts resolved with the defaults, and no other step in the transaction.
    private static HeartbeatBatchWriter writer(DataSource dataSource) {
        return new HeartbeatBatchWriter(dataSource, new AlertAutoResolver(AlertLifecycleSettings.DEFAULT), List.of());
    }
}
