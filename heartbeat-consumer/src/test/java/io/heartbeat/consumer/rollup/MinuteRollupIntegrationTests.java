package io.heartbeat.consumer.rollup;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollup job's steps against a real PostgreSQL: what they write equals a direct aggregation of the raw rows,
 * whatever order readings arrive in, however often the job runs, and with two instances running it at once.
 */
class MinuteRollupIntegrationTests {

    private static final Instant MINUTE = Instant.parse("2026-11-25T09:00:00Z");

    // What heartbeat_minutes must hold: the raw rows aggregated per patient and UTC minute, straight, and the heart
    // rates per patient, minute and 5-second slot.
    private static final String ORACLE = """
            WITH slots AS (
                SELECT minute, patient_id, array_agg(slot ORDER BY slot) AS rate_slots,
                       array_agg(total ORDER BY slot) AS rate_slot_sums, array_agg(n ORDER BY slot) AS rate_slot_values
                FROM (SELECT date_trunc('minute', timestamp AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS minute,
                             patient_id, floor(extract(second FROM timestamp AT TIME ZONE 'UTC') / 5)::smallint AS slot,
                             sum(heartbeat_value) AS total, count(heartbeat_value) AS n
                      FROM heartbeats
                      WHERE validation_status IN ('valid', 'invalid_physiological') AND heartbeat_value IS NOT NULL
                      GROUP BY 1, 2, 3) AS per_slot
                GROUP BY minute, patient_id)
            SELECT m.*, coalesce(s.rate_slots, '{}') AS rate_slots, coalesce(s.rate_slot_sums, '{}') AS rate_slot_sums,
                   coalesce(s.rate_slot_values, '{}') AS rate_slot_values
            FROM (
            SELECT date_trunc('minute', timestamp AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS minute, patient_id,
                   count(*) AS readings,
                   count(*) FILTER (WHERE validation_status = 'valid') AS valid_readings,
                   count(*) FILTER (WHERE validation_status = 'invalid_physiological') AS physiological_readings,
                   count(*) FILTER (WHERE validation_status = 'invalid_system') AS system_readings,
                   count(*) FILTER (WHERE validation_status = 'corrupted') AS corrupted_readings,
                   count(heartbeat_value) FILTER (WHERE validation_status = 'valid') AS valid_values,
                   sum(heartbeat_value) FILTER (WHERE validation_status = 'valid') AS valid_sum,
                   min(heartbeat_value) FILTER (WHERE validation_status = 'valid') AS valid_min,
                   max(heartbeat_value) FILTER (WHERE validation_status = 'valid') AS valid_max,
                   count(heartbeat_value) FILTER (WHERE validation_status = 'invalid_physiological')
                       AS physiological_values,
                   sum(heartbeat_value) FILTER (WHERE validation_status = 'invalid_physiological')
                       AS physiological_sum
            FROM heartbeats
            GROUP BY 1, 2) AS m
            LEFT JOIN slots AS s USING (minute, patient_id)
            ORDER BY 1, 2
            """;

    private static final String ROLLED_UP = """
            SELECT minute, patient_id, readings, valid_readings, physiological_readings, system_readings,
                   corrupted_readings, valid_values, valid_sum, valid_min, valid_max, physiological_values,
                   physiological_sum, rate_slots, rate_slot_sums, rate_slot_values
            FROM heartbeat_minutes
            ORDER BY 1, 2
            """;

    // What heartbeat_five_minutes must hold: the heart rates per patient and 5 minutes of the epoch, straight.
    private static final String FIVE_MINUTES_ORACLE = """
            SELECT to_timestamp(floor(date_part('epoch', timestamp) / 300) * 300) AS five_minutes, patient_id,
                   sum(heartbeat_value) FILTER (WHERE validation_status IN ('valid', 'invalid_physiological'))
                       AS rate_sum,
                   count(heartbeat_value) FILTER (WHERE validation_status IN ('valid', 'invalid_physiological'))
                       AS rate_values
            FROM heartbeats
            GROUP BY 1, 2
            ORDER BY 1, 2
            """;

    private static final String FIVE_MINUTES_ROLLED_UP = """
            SELECT five_minutes, patient_id, rate_sum, rate_values FROM heartbeat_five_minutes ORDER BY 1, 2
            """;

    private TestPostgres.Database database;

    private JdbcTemplate jdbc;

    @BeforeEach
    void freshDatabase() {
        this.database = TestPostgres.freshDatabase().migrate();
        this.jdbc = new JdbcTemplate(this.database.dataSource());
    }

    @Test
    void aStepRollsUpEveryStoredMinuteAndTheNextChangesNothing() throws SQLException {
        storeMinuteOfReadings("p-1", MINUTE, 0);
        storeMinuteOfReadings("p-2", MINUTE.plusSeconds(60), 0);
        MinuteRollupJob rollup = job();

        assertThat(rollup.step()).isEqualTo(new MinuteRollupJob.Step(2, true));
        assertThat(rolledUp()).hasSize(4).isEqualTo(oracle());
        assertThat(this.jdbc.queryForList("SELECT patient_id || ' ' || anomalies::text FROM heartbeat_minutes"
                + " ORDER BY minute", String.class)).containsExactly(
                        "p-1 {\"low_bpm\": 1, \"high_bpm\": 1, \"null_value\": 1, \"malformed_json\": 1}",
                        "p-2 {\"low_bpm\": 1, \"high_bpm\": 1, \"null_value\": 1, \"malformed_json\": 1}");
        // a heart rate in every 5-second slot, four in those of 30 (null value) and 40 (corrupted)
        assertThat(this.jdbc.queryForObject("SELECT rate_slots::text || ' ' || rate_slot_values::text"
                + " FROM heartbeat_minutes WHERE patient_id = 'p-1'", String.class))
            .isEqualTo("{0,1,2,3,4,5,6,7,8,9,10,11} {5,5,5,5,5,5,4,5,4,5,5,5}");
        assertThat(rollup.step()).isEqualTo(new MinuteRollupJob.Step(0, true));
        assertThat(rollup.step()).isEqualTo(new MinuteRollupJob.Step(0, true));
        assertThat(rolledUp()).isEqualTo(oracle());
    }

    @Test
    void aLateReadingRecomputesTheMinuteItBelongsTo() throws SQLException {
        storeMinuteOfReadings("p-1", MINUTE, 0);
        MinuteRollupJob rollup = job();
        rollup.step();

        // stored now, read three hours before: its minute was rolled up long ago
        storeValid("p-1", MINUTE.plusSeconds(30), 200);

        assertThat(rollup.step()).isEqualTo(new MinuteRollupJob.Step(1, true));
        assertThat(this.jdbc.queryForObject("SELECT valid_readings || ' ' || valid_max FROM heartbeat_minutes",
                String.class)).isEqualTo("57 200");
        assertThat(rolledUp()).isEqualTo(oracle());
    }

    @Test
    void aLateReadingInAnotherMinuteOfItsFiveMinutesRecomputesThem() throws SQLException {
        storeMinuteOfReadings("p-1", MINUTE.plus(Duration.ofMinutes(3)), 0);
        MinuteRollupJob rollup = job();
        rollup.step();
        assertThat(fiveMinutes()).containsExactly("09:00 p-1 58 4667.0");

        // stored now, read at 09:01, a minute the rollup does not hold yet, in the 5 minutes from 09:00
        storeValid("p-1", MINUTE.plusSeconds(61), 200);

        assertThat(rollup.step()).isEqualTo(new MinuteRollupJob.Step(1, true));
        assertThat(fiveMinutes()).containsExactly("09:00 p-1 59 4867.0");
        assertThat(rolledUp()).isEqualTo(oracle());
    }

    @Test
    void aBacklogOfMoreFiveMinutesThanOneBatchRollsUpExactly() throws SQLException {
        // 101 patients with a reading in each of 100 five minutes: 10,100 to recompute, one batch of 10,000 and more
        this.jdbc.update("""
                INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value, validation_status)
                SELECT md5(random()::text)::uuid,
                       ?::timestamptz + five * interval '5 minutes' + patient * interval '1 second',
                       'p-' || patient, 60 + (five + patient) % 40, 'valid'
                FROM generate_series(0, 99) AS five, generate_series(0, 100) AS patient
                """, MINUTE.toString());
        MinuteRollupJob rollup = job();

        assertThat(rollup.step()).isEqualTo(new MinuteRollupJob.Step(10_100, true));
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM heartbeat_five_minutes", Long.class))
            .isEqualTo(10_100);
        assertThat(rolledUp()).isEqualTo(oracle());
    }

    @Test
    void aStepThatFindsAnotherInstanceRunningDoesNothing() throws SQLException {
        storeMinuteOfReadings("p-1", MINUTE, 0);
        MinuteRollupJob rollup = job();
        try (Connection other = this.database.dataSource().getConnection();
                Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.execute("SELECT pg_advisory_xact_lock(hashtext('heartbeat:heartbeat_minutes'))");

            assertThat(rollup.step().locked()).isTrue();
            assertThat(rolledUp()).isEmpty();

            other.rollback();
        }
        assertThat(rollup.step()).isEqualTo(new MinuteRollupJob.Step(1, true));
    }

    @Test
    void theFirstRunBackfillsTheStoredHistoryInSteps() {
        // two hours already stored before the job existed, as on a database upgraded to V6
        Instant now = Instant.now();
        for (int hour = 0; hour < 2; hour++) {
            for (int minute = 0; minute < 60; minute += 20) {
                Instant storedAt = now.minus(Duration.ofHours(2 - hour)).plus(Duration.ofMinutes(minute));
                storeMinuteOfReadings("p-" + hour, MINUTE.plus(Duration.ofMinutes(hour * 60L + minute)), 0, storedAt);
            }
        }
        MinuteRollupJob job = job();

        job.run();

        assertThat(rolledUp()).hasSize(12).isEqualTo(oracle());
        OffsetDateTime progress = this.jdbc.queryForObject("SELECT stored_from FROM heartbeat_minutes_progress",
                OffsetDateTime.class);
        assertThat(Duration.between(progress.toInstant(), now)).isBetween(MinuteRollupJob.LOOKBACK.minusSeconds(30),
                MinuteRollupJob.LOOKBACK);
    }

    @Test
    void twoInstancesStepTogetherWhileReadingsArriveAndLeaveTheExactRollup() throws Exception {
        MinuteRollupJob first = job();
        MinuteRollupJob second = job();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<List<MinuteRollupJob.Step>>> instances = new ArrayList<>();
            for (MinuteRollupJob rollup : List.of(first, second)) {
                instances.add(threads.submit(() -> {
                    go.await();
                    List<MinuteRollupJob.Step> steps = new ArrayList<>();
                    for (int i = 0; i < 15; i++) {
                        steps.add(rollup.step());
                    }
                    return steps;
                }));
            }
            Future<?> writer = threads.submit(() -> {
                go.await();
                for (int i = 0; i < 15; i++) {
                    // late and current minutes alike, for three patients
                    storeMinuteOfReadings("p-" + (i % 3), MINUTE.plus(Duration.ofMinutes((i * 7) % 11)), i);
                }
                return null;
            });
            go.countDown();
            writer.get(60, TimeUnit.SECONDS);
            List<MinuteRollupJob.Step> steps = new ArrayList<>();
            for (Future<List<MinuteRollupJob.Step>> instance : instances) {
                steps.addAll(instance.get(60, TimeUnit.SECONDS));
            }
            assertThat(steps).hasSize(30);
        }
        finally {
            threads.shutdownNow();
        }

        first.step();

        assertThat(rolledUp()).hasSize(oracle().size()).isEqualTo(oracle());
        assertThat(this.jdbc.queryForObject("SELECT sum(readings) FROM heartbeat_minutes", Long.class))
            .isEqualTo(15 * 60L);
    }

    private MinuteRollupJob job() {
        return new MinuteRollupJob(this.database.dataSource(), new RollupSettings(Duration.ofSeconds(10)));
    }

    /** 60 readings in the minute from {@code minute}: 56 valid, one each of four anomalies; values vary by seed. */
    private void storeMinuteOfReadings(String patient, Instant minute, int seed) {
        storeMinuteOfReadings(patient, minute, seed, null);
    }

    private void storeMinuteOfReadings(String patient, Instant minute, int seed, Instant storedAt) {
        StringBuilder values = new StringBuilder();
        for (int second = 0; second < 60; second++) {
            String kind = switch (second) {
                case 10 -> "'invalid_physiological', 'low_bpm', 40";
                case 20 -> "'invalid_physiological', 'high_bpm', 150";
                case 30 -> "'invalid_system', 'null_value', NULL";
                case 40 -> "'corrupted', 'malformed_json', NULL";
                default -> "'valid', NULL, " + (60 + (second * 7 + seed) % 40) + "." + (second % 10);
            };
            values.append(values.isEmpty() ? "" : ", ").append("(md5(random()::text)::uuid, '")
                .append(minute.plusSeconds(second)).append("'::timestamptz, '").append(patient).append("', ")
                .append(kind).append(", ")
                .append(storedAt == null ? "now()" : "'" + storedAt.plusSeconds(second) + "'::timestamptz")
                .append(")");
        }
        this.jdbc.update("INSERT INTO heartbeats (event_id, timestamp, patient_id, validation_status, anomaly_type,"
                + " heartbeat_value, created_at) VALUES " + values);
    }

    private void storeValid(String patient, Instant timestamp, int value) {
        this.jdbc.update("INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value, validation_status)"
                + " VALUES (md5(random()::text)::uuid, ?, ?, ?, 'valid')",
                OffsetDateTime.ofInstant(timestamp, ZoneOffset.UTC), patient, value);
    }

    private List<String> fiveMinutes() {
        return this.jdbc.queryForList("SELECT to_char(five_minutes AT TIME ZONE 'UTC', 'HH24:MI') || ' ' || patient_id"
                + " || ' ' || rate_values || ' ' || coalesce(rate_sum::text, 'null') FROM heartbeat_five_minutes"
                + " ORDER BY five_minutes, patient_id", String.class);
    }

    /** The minutes, then the 5 minutes. */
    private List<String> rolledUp() {
        return Stream.concat(rows(ROLLED_UP).stream(), rows(FIVE_MINUTES_ROLLED_UP).stream()).toList();
    }

    /** What {@link #rolledUp()} must be. */
    private List<String> oracle() {
        return Stream.concat(rows(ORACLE).stream(), rows(FIVE_MINUTES_ORACLE).stream()).toList();
    }

    private List<String> rows(String sql) {
        return this.jdbc.queryForList(sql).stream().map(Object::toString).toList();
    }
}
