package io.heartbeat.consumer.alarm;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.heartbeat.consumer.alarm.EpisodeRules.Change;
import io.heartbeat.consumer.batch.EpochMicros;

/**
 * The SQL of the in-stream alarms: {@code patient_alarm_state} read and written back, alarms opened and ended. Each
 * runs in the batch's transaction; arrays carry the rows, times travel as epoch microseconds.
 */
final class AlarmStatements {

    private static final String TIME = "timestamptz 'epoch' + %s * interval '1 microsecond'";

    private static final String STATE_COLUMNS = """
            patient_id, kafka_partition, kafka_offset, event_id, last_reading_at, run_kind, run_length, run_started_at,
            valid_run, tachycardia_started_at, bradycardia_started_at, silent_started_at""";

    /** The states of the given patients, locked until the commit, in one order so that two writers never deadlock. */
    static final String LOAD = "SELECT " + STATE_COLUMNS + """

            FROM patient_alarm_state
            WHERE patient_id = ANY (?)
            ORDER BY patient_id
            FOR UPDATE""";

    /** The states of every patient whose newest counted record came from one of the given partitions. */
    static final String LOAD_PARTITIONS = "SELECT " + STATE_COLUMNS + """

            FROM patient_alarm_state
            WHERE kafka_partition = ANY (?)""";

    /**
     * Writes states back, each only over the row it was read from (its {@link PatientAlarmState.Version}), and
     * inserts those of new patients unless another writer has; returns the rows written, which fall short of the
     * states given when a row moved on under the batch.
     */
    static final String SAVE = """
            WITH s AS (
                SELECT *
                FROM unnest(?::text[], ?::integer[], ?::bigint[], ?::uuid[], ?::bigint[], ?::text[], ?::integer[],
                            ?::bigint[], ?::integer[], ?::bigint[], ?::bigint[], ?::bigint[], ?::integer[],
                            ?::bigint[], ?::bigint[])
                    AS s (patient_id, kafka_partition, kafka_offset, event_id, last_micros, run_kind, run_length,
                          run_micros, valid_run, tachycardia_micros, bradycardia_micros, silent_micros,
                          stored_partition, stored_offset, stored_silent_micros)),
            updated AS (
                UPDATE patient_alarm_state AS t
                SET kafka_partition = s.kafka_partition, kafka_offset = s.kafka_offset, event_id = s.event_id,
                    last_reading_at = %1$s, run_kind = s.run_kind, run_length = s.run_length,
                    run_started_at = %2$s, valid_run = s.valid_run, tachycardia_started_at = %3$s,
                    bradycardia_started_at = %4$s, silent_started_at = %5$s
                FROM s
                WHERE t.patient_id = s.patient_id
                  AND t.kafka_partition = s.stored_partition AND t.kafka_offset = s.stored_offset
                  AND t.silent_started_at IS NOT DISTINCT FROM %6$s
                RETURNING 1),
            inserted AS (
                INSERT INTO patient_alarm_state (%7$s)
                SELECT patient_id, kafka_partition, kafka_offset, event_id, %1$s, run_kind, run_length, %2$s,
                       valid_run, %3$s, %4$s, %5$s
                FROM s
                WHERE s.stored_offset IS NULL
                ON CONFLICT (patient_id) DO NOTHING
                RETURNING 1)
            SELECT (SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted)""".formatted(
            TIME.formatted("s.last_micros"), TIME.formatted("s.run_micros"), TIME.formatted("s.tachycardia_micros"),
            TIME.formatted("s.bradycardia_micros"), TIME.formatted("s.silent_micros"),
            TIME.formatted("s.stored_silent_micros"), STATE_COLUMNS);

    /** Opens alarms; an episode already stored (its patient, kind and start) is left as it is. */
    static final String OPEN = """
            INSERT INTO patient_alarms (patient_id, kind, started_at)
            SELECT patient_id, kind, %s
            FROM unnest(?::text[], ?::text[], ?::bigint[]) AS o (patient_id, kind, started_micros)
            ON CONFLICT (patient_id, kind, started_at) DO NOTHING""".formatted(TIME.formatted("started_micros"));

    /**
     * Ends alarms at the reading that ends their episode. One not yet resolved is resolved with it, automatically;
     * one an operator resolved keeps that resolution.
     */
    static final String END = """
            UPDATE patient_alarms AS a
            SET ended_at = e.ended_at,
                state = 'resolved',
                resolved_at = CASE WHEN a.state = 'resolved' THEN a.resolved_at ELSE e.ended_at END,
                resolved_by = CASE WHEN a.state = 'resolved' THEN a.resolved_by ELSE e.resolved_by END
            FROM (SELECT patient_id, kind, %s AS started_at, %s AS ended_at, resolved_by
                  FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[])
                      AS e (patient_id, kind, started_micros, ended_micros, resolved_by)) AS e
            WHERE a.patient_id = e.patient_id AND a.kind = e.kind AND a.started_at = e.started_at
              AND a.ended_at IS NULL""".formatted(TIME.formatted("started_micros"), TIME.formatted("ended_micros"));

    private AlarmStatements() {
    }

    /** The stored states of {@code patients}, locked until the commit ({@link #LOAD}), by patient. */
    static Map<String, PatientAlarmState> load(Connection connection, Collection<String> patients)
            throws SQLException {
        return query(connection, LOAD, connection.createArrayOf("text", patients.toArray()));
    }

    /** The stored states of the patients last counted on {@code partitions} ({@link #LOAD_PARTITIONS}). */
    static Map<String, PatientAlarmState> loadPartitions(Connection connection, Collection<Integer> partitions)
            throws SQLException {
        return query(connection, LOAD_PARTITIONS, connection.createArrayOf("integer", partitions.toArray()));
    }

    private static Map<String, PatientAlarmState> query(Connection connection, String sql, Array keys)
            throws SQLException {
        Map<String, PatientAlarmState> states = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, keys);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    PatientAlarmState state = new PatientAlarmState(rows.getString(1), rows.getInt(2),
                            rows.getLong(3), rows.getObject(4, UUID.class), instant(rows, 5));
                    String runKind = rows.getString(6);
                    state.runKind = (runKind != null) ? AlarmKind.of(runKind) : null;
                    state.runLength = rows.getInt(7);
                    state.runStartedAt = instant(rows, 8);
                    state.validRun = rows.getInt(9);
                    putIfSet(state, AlarmKind.SUSTAINED_TACHYCARDIA, instant(rows, 10));
                    putIfSet(state, AlarmKind.SUSTAINED_BRADYCARDIA, instant(rows, 11));
                    putIfSet(state, AlarmKind.DEVICE_SILENT, instant(rows, 12));
                    states.put(state.patientId, state);
                }
            }
        }
        return states;
    }

    /** Writes {@code states} back ({@link #SAVE}); false when a row was not as the batch read it. */
    static boolean save(Connection connection, List<PatientAlarmState> states) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SAVE)) {
            statement.setArray(1, array(connection, "text", states, (s) -> s.patientId));
            statement.setArray(2, array(connection, "integer", states, (s) -> s.partition));
            statement.setArray(3, array(connection, "bigint", states, (s) -> s.offset));
            statement.setArray(4, array(connection, "uuid", states, (s) -> s.eventId));
            statement.setArray(5, array(connection, "bigint", states, (s) -> micros(s.lastReadingAt)));
            statement.setArray(6, array(connection, "text", states,
                    (s) -> (s.runKind != null) ? s.runKind.dbValue() : null));
            statement.setArray(7, array(connection, "integer", states, (s) -> s.runLength));
            statement.setArray(8, array(connection, "bigint", states, (s) -> micros(s.runStartedAt)));
            statement.setArray(9, array(connection, "integer", states, (s) -> s.validRun));
            statement.setArray(10, array(connection, "bigint", states,
                    (s) -> micros(s.open.get(AlarmKind.SUSTAINED_TACHYCARDIA))));
            statement.setArray(11, array(connection, "bigint", states,
                    (s) -> micros(s.open.get(AlarmKind.SUSTAINED_BRADYCARDIA))));
            statement.setArray(12, array(connection, "bigint", states,
                    (s) -> micros(s.open.get(AlarmKind.DEVICE_SILENT))));
            statement.setArray(13, array(connection, "integer", states,
                    (s) -> (s.stored != null) ? s.stored.partition() : null));
            statement.setArray(14, array(connection, "bigint", states,
                    (s) -> (s.stored != null) ? s.stored.offset() : null));
            statement.setArray(15, array(connection, "bigint", states,
                    (s) -> (s.stored != null) ? micros(s.stored.silentStartedAt()) : null));
            try (ResultSet written = statement.executeQuery()) {
                written.next();
                return written.getLong(1) == states.size();
            }
        }
    }

    /** Opens, then ends, in the order of {@code changes}: an alarm may open and end in one batch. */
    static void apply(Connection connection, List<Change> changes, AlarmSettings settings) throws SQLException {
        List<Change> opened = changes.stream().filter(Change::opens).toList();
        List<Change> ended = changes.stream().filter((change) -> !change.opens()).toList();
        if (!opened.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(OPEN)) {
                statement.setArray(1, array(connection, "text", opened, Change::patientId));
                statement.setArray(2, array(connection, "text", opened, (c) -> c.kind().dbValue()));
                statement.setArray(3, array(connection, "bigint", opened, (c) -> micros(c.startedAt())));
                statement.executeUpdate();
            }
        }
        if (!ended.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(END)) {
                statement.setArray(1, array(connection, "text", ended, Change::patientId));
                statement.setArray(2, array(connection, "text", ended, (c) -> c.kind().dbValue()));
                statement.setArray(3, array(connection, "bigint", ended, (c) -> micros(c.startedAt())));
                statement.setArray(4, array(connection, "bigint", ended, (c) -> micros(c.endedAt())));
                statement.setArray(5, array(connection, "text", ended, (c) -> settings.automaticResolver(c.kind())));
                statement.executeUpdate();
            }
        }
    }

    private static <T> Array array(Connection connection, String type, List<T> items, Function<T, Object> column)
            throws SQLException {
        return connection.createArrayOf(type, items.stream().map(column).toArray());
    }

    private static Long micros(Instant time) {
        return (time != null) ? EpochMicros.of(time) : null;
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime time = rows.getObject(column, OffsetDateTime.class);
        return (time != null) ? time.toInstant() : null;
    }

    private static void putIfSet(PatientAlarmState state, AlarmKind kind, Instant startedAt) {
        if (startedAt != null) {
            state.open.put(kind, startedAt);
        }
    }
}
