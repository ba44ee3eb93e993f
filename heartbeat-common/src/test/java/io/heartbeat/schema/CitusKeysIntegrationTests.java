package io.heartbeat.schema;

import java.util.List;
import java.util.UUID;

import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * db/citus/keys.sql, the plain-PostgreSQL part of the Citus layout (docs/scaling.md, "Past one machine"), applied
 * to today's schema (V1 to V12) holding readings and alerts of two days and of the DEFAULT partitions: afterwards
 * every primary, unique and foreign key of the day-partitioned tables, on the parents and on every partition, holds
 * timestamp and patient_id, every row is where it was, and a day the partition job creates afterwards gets its
 * foreign key with patient_id too. Citus states its rule in
 * https://docs.citusdata.com/en/stable/develop/reference_ddl.html ("Adding/Removing Constraints").
 */
class CitusKeysIntegrationTests {

    private static final String READINGS = "SELECT concat_ws('|', id, event_id, timestamp AT TIME ZONE 'UTC',"
            + " patient_id, heartbeat_value, validation_status, anomaly_type, raw_payload, created_at)"
            + " FROM heartbeats ORDER BY id";

    private static final String ALERTS = "SELECT concat_ws('|', alert_id, heartbeat_id, timestamp AT TIME ZONE"
            + " 'UTC', patient_id, heartbeat_value, alert_category, resolved_flag, created_at)"
            + " FROM heartbeat_alerts ORDER BY alert_id";

    private static final String PLACES = "SELECT 'reading ' || id || ' ' || tableoid::regclass FROM heartbeats"
            + " UNION ALL SELECT 'alert ' || alert_id || ' ' || tableoid::regclass FROM heartbeat_alerts ORDER BY 1";

    private static final UUID FIRST_EVENT = UUID.fromString("018f0000-0000-7000-8000-000000000001");

    private static final String KEY = "(%s, \"timestamp\", patient_id)";

    private static JdbcTemplate database;

    private static List<String> readingsBefore;

    private static List<String> alertsBefore;

    private static List<String> placesBefore;

    private static List<String> readingsAfter;

    private static List<String> alertsAfter;

    private static List<String> placesAfterKeys;

    private static List<String> placesAfterNewDay;

    private static Boolean newDayCreated;

    @BeforeAll
    static void applyTheKeysToTwoDaysOfRows() {
        database = new JdbcTemplate(TestPostgres.freshDatabase().migrate().dataSource());
        database.queryForObject("SELECT heartbeat_create_day_partitions('2020-02-28')", Boolean.class);
        database.queryForObject("SELECT heartbeat_create_day_partitions('2020-02-29')", Boolean.class);
        // Two days with partitions, a day without one yet (2020-03-01) and a clock years off: both in DEFAULT.
        database.update("""
                INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value, validation_status,
                                        anomaly_type, raw_payload, created_at)
                VALUES (?, '2020-02-28T10:00:00Z', 'p-1', 72, 'valid', NULL, NULL, '2020-02-28T10:00:01Z'),
                       (md5(random()::text)::uuid, '2020-02-28T23:59:59.999999Z', 'p-2', 20, 'invalid_physiological',
                        'low_bpm', '{"heartbeat_value":20}', '2020-02-29T00:00:01Z'),
                       (md5(random()::text)::uuid, '2020-02-29T00:00:00Z', 'p-1', 75, 'valid', NULL, NULL,
                        '2020-02-29T00:00:02Z'),
                       (md5(random()::text)::uuid, '2020-02-29T12:00:00Z', 'p-2', NULL, 'corrupted', 'null_value', '{}',
                        '2020-02-29T12:00:01Z'),
                       (md5(random()::text)::uuid, '2020-03-01T08:00:00Z', 'p-3', 190, 'invalid_physiological',
                        'high_bpm', '{"heartbeat_value":190}', '2020-03-01T08:00:01Z'),
                       (md5(random()::text)::uuid, '1900-01-01T00:00:00Z', 'p-3', NULL, 'corrupted', 'stale_timestamp',
                        'old', '2020-03-01T09:00:00Z')
                """, FIRST_EVENT);
        database.update("INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id, heartbeat_value,"
                + " alert_category, created_at) SELECT id, timestamp, patient_id, heartbeat_value, CASE"
                + " validation_status WHEN 'corrupted' THEN 'data_corruption' ELSE 'physiological_anomaly' END,"
                + " created_at FROM heartbeats WHERE validation_status <> 'valid' ORDER BY id");
        readingsBefore = database.queryForList(READINGS, String.class);
        alertsBefore = database.queryForList(ALERTS, String.class);
        placesBefore = database.queryForList(PLACES, String.class);

        CitusScripts.runKeys(database);
        placesAfterKeys = database.queryForList(PLACES, String.class);
        // What the consumer's partition job does every hour: it moves the DEFAULT partitions' rows of that day in.
        newDayCreated = database.queryForObject("SELECT heartbeat_create_day_partitions('2020-03-01')",
                Boolean.class);
        readingsAfter = database.queryForList(READINGS, String.class);
        alertsAfter = database.queryForList(ALERTS, String.class);
        placesAfterNewDay = database.queryForList(PLACES, String.class);
    }

    @Test
    void theParentsKeysHoldTimestampAndPatientIdLast() {
        assertThat(database.queryForList("SELECT key FROM (SELECT conrelid::regclass || ' ' || conname || ' '"
                + " || pg_get_constraintdef(oid) FROM pg_constraint WHERE contype IN ('p', 'u', 'f')"
                + " AND conrelid::regclass::text IN ('heartbeats', 'heartbeat_alerts', 'heartbeat_minutes',"
                + " 'heartbeat_five_minutes', 'patient_alarms', 'patient_alarm_state'))"
                + " AS keys (key) ORDER BY key COLLATE \"C\"", String.class))
            .containsExactly(
                    "heartbeat_alerts heartbeat_alerts_heartbeat_id_key UNIQUE " + KEY.formatted("heartbeat_id"),
                    "heartbeat_alerts heartbeat_alerts_pkey PRIMARY KEY " + KEY.formatted("alert_id"),
                    "heartbeat_five_minutes heartbeat_five_minutes_pkey PRIMARY KEY (five_minutes, patient_id)",
                    "heartbeat_minutes heartbeat_minutes_pkey PRIMARY KEY (minute, patient_id)",
                    "heartbeats heartbeats_event_id_key UNIQUE " + KEY.formatted("event_id"),
                    "heartbeats heartbeats_pkey PRIMARY KEY " + KEY.formatted("id"),
                    // V8's tables are not partitioned and hold patient_id in every key already: unchanged.
                    "patient_alarm_state patient_alarm_state_pkey PRIMARY KEY (patient_id)",
                    "patient_alarms patient_alarms_episode_key UNIQUE (patient_id, kind, started_at)",
                    "patient_alarms patient_alarms_pkey PRIMARY KEY (alarm_id, patient_id)");
    }

    /**
     * Every partition's keys, counted by kind, its own day written as DAY: so a foreign key to another day's readings
     * would show. Five days: 2020-02-28, 2020-02-29, 2020-03-01, and the today and tomorrow V4 creates.
     */
    @Test
    void everyPartitionsKeysHoldPatientIdAndItsForeignKeyPointsToItsOwnDay() {
        String fk = " FOREIGN KEY " + KEY.formatted("heartbeat_id") + " REFERENCES %s" + KEY.formatted("id")
                + " ON DELETE CASCADE x %d";
        assertThat(database.queryForList("SELECT k.key || ' x ' || count(*) AS line FROM pg_constraint c"
                + " JOIN pg_inherits i ON i.inhrelid = c.conrelid"
                + " CROSS JOIN LATERAL (SELECT replace(c.conrelid::regclass || ' ' || pg_get_constraintdef(c.oid),"
                + " coalesce(substring(c.conrelid::regclass::text FROM 'p[0-9]{8}$'), 'none'), 'pDAY') AS key) k"
                + " WHERE i.inhparent IN ('heartbeats'::regclass, 'heartbeat_alerts'::regclass)"
                + " AND c.contype IN ('p', 'u', 'f') GROUP BY k.key ORDER BY k.key COLLATE \"C\"", String.class))
            .containsExactly(
                    "heartbeat_alerts_default" + fk.formatted("heartbeats_default", 1),
                    "heartbeat_alerts_default PRIMARY KEY " + KEY.formatted("alert_id") + " x 1",
                    "heartbeat_alerts_default UNIQUE " + KEY.formatted("heartbeat_id") + " x 1",
                    "heartbeat_alerts_pDAY" + fk.formatted("heartbeats_pDAY", 5),
                    "heartbeat_alerts_pDAY PRIMARY KEY " + KEY.formatted("alert_id") + " x 5",
                    "heartbeat_alerts_pDAY UNIQUE " + KEY.formatted("heartbeat_id") + " x 5",
                    "heartbeats_default PRIMARY KEY " + KEY.formatted("id") + " x 1",
                    "heartbeats_default UNIQUE " + KEY.formatted("event_id") + " x 1",
                    "heartbeats_pDAY PRIMARY KEY " + KEY.formatted("id") + " x 5",
                    "heartbeats_pDAY UNIQUE " + KEY.formatted("event_id") + " x 5");
        // The indexes behind them: 2 unique ones on each of the 2 parents and 12 partitions, all with patient_id.
        assertThat(database.queryForObject("SELECT count(*) FROM pg_indexes WHERE indexdef LIKE 'CREATE UNIQUE%'"
                + " AND indexdef LIKE '%patient_id)' AND tablename ~ '^heartbeat(s|_alerts)(_default|_p[0-9]{8})?$'",
                Integer.class)).isEqualTo(28);
        assertThat(database.queryForObject("SELECT count(*) FROM pg_indexes WHERE indexdef LIKE 'CREATE UNIQUE%'"
                + " AND tablename ~ '^heartbeat(s|_alerts)(_default|_p[0-9]{8})?$'", Integer.class)).isEqualTo(28);
    }

    @Test
    void everyRowIsKeptValueForValueAndMovesIntoItsDayWhenTheDayIsCreated() {
        assertThat(readingsBefore).hasSize(6);
        assertThat(alertsBefore).hasSize(4);
        assertThat(readingsAfter).containsExactlyElementsOf(readingsBefore);
        assertThat(alertsAfter).containsExactlyElementsOf(alertsBefore);
        assertThat(placesAfterKeys).containsExactlyElementsOf(placesBefore);
        assertThat(placesAfterNewDay).containsExactly("alert 1 heartbeat_alerts_p20200228",
                "alert 2 heartbeat_alerts_p20200229", "alert 3 heartbeat_alerts_p20200301",
                "alert 4 heartbeat_alerts_default", "reading 1 heartbeats_p20200228", "reading 2 heartbeats_p20200228",
                "reading 3 heartbeats_p20200229", "reading 4 heartbeats_p20200229", "reading 5 heartbeats_p20200301",
                "reading 6 heartbeats_default");
    }

    @Test
    void aDayCreatedAfterTheKeysGetsItsForeignKeyWithPatientId() {
        assertThat(newDayCreated).isTrue();
        assertThat(database.queryForList("SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE conrelid = 'heartbeat_alerts_p20200301'::regclass AND contype = 'f'", String.class))
            .containsExactly("heartbeat_alerts_p20200301_heartbeat_id_fkey FOREIGN KEY "
                    + KEY.formatted("heartbeat_id") + " REFERENCES heartbeats_p20200301" + KEY.formatted("id")
                    + " ON DELETE CASCADE");
        // Reading 5 is p-3's: an alert naming another patient has no reading to refer to.
        assertThatExceptionOfType(DataIntegrityViolationException.class)
            .isThrownBy(() -> database.update("INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id,"
                    + " alert_category) VALUES (5, '2020-03-01T08:00:00Z', 'p-4', 'physiological_anomaly')"))
            .withMessageContaining("heartbeat_alerts_p20200301_heartbeat_id_fkey");
    }

    /** What the per-patient delivery key costs: one event_id can be stored once for each patient. */
    @Test
    void oneEventIdIsUniquePerPatientOnly() {
        UUID eventId = UUID.randomUUID();
        insert(eventId, "patient-0001");
        insert(eventId, "patient-0002");

        assertThat(database.queryForObject("SELECT count(*) FROM heartbeats WHERE event_id = ?", Integer.class,
                eventId)).isEqualTo(2);
        // A redelivered record has its patient: it still lands on the key.
        assertThatExceptionOfType(DuplicateKeyException.class).isThrownBy(() -> insert(eventId, "patient-0001"));
    }

    /** Why keys.sql is not for a database today's writer writes to, and what its ON CONFLICT becomes. */
    @Test
    void theWritersConflictTargetMustNamePatientId() {
        String redelivery = "INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value,"
                + " validation_status) VALUES (?, '2020-02-28T10:00:00Z', 'p-1', 72, 'valid') ON CONFLICT %s"
                + " DO NOTHING";

        assertThatExceptionOfType(BadSqlGrammarException.class)
            .isThrownBy(() -> database.update(redelivery.formatted("(event_id, timestamp)"), FIRST_EVENT))
            .havingRootCause()
            .withMessageContaining("there is no unique or exclusion constraint matching the ON CONFLICT");
        assertThat(database.update(redelivery.formatted("(event_id, timestamp, patient_id)"), FIRST_EVENT)).isZero();
    }

    private static void insert(UUID eventId, String patient) {
        database.update("INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value, validation_status)"
                + " VALUES (?, '2020-02-29T06:00:00Z', ?, 72, 'valid')", eventId, patient);
    }
}
