package io.heartbeat.consumer.alarm;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.heartbeat.consumer.alarm.EpisodeRules.Change;
import io.heartbeat.consumer.persistence.EpochMicros;

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

    static final String SAVE = "INSERT INTO patient_alarm_state (" + STATE_COLUMNS + """
            )
            SELECT patient_id, kafka_partition, kafka_offset, event_id, %1$s, run_kind, run_length, %2$s, valid_run,
                   %3$s, %4$s, %5$s
            FROM unnest(?::text[], ?::integer[], ?::bigint[], ?::uuid[], ?::bigint[], ?::text[], ?::integer[],
                        ?::bigint[], ?::integer[], ?::bigint[], ?::bigint[], ?::bigint[])
                AS s (patient_id, kafka_partition, kafka_offset, event_id, last_micros, run_kind, run_length,
                      run_micros, valid_run, tachycardia_micros, bradycardia_micros, silent_micros)
            ON CONFLICT (patient_id) DO UPDATE SET
                kafka_partition = excluded.kafka_partition, kafka_offset = excluded.kafka_offset,
                event_id = excluded.event_id, last_reading_at = excluded.last_reading_at,
                run_kind = excluded.run_kind, run_length = excluded.run_length,
                run_started_at = excluded.run_started_at, valid_run = excluded.valid_run,
                tachycardia_started_at = excluded.tachycardia_started_at,
                bradycardia_started_at = excluded.bradycardia_started_at,
                silent_started_at = excluded.silent_started_at""".formatted(TIME.formatted("last_micros"),
            TIME.formatted("run_micros"), TIME.formatted("tachycardia_micros"), TIME.formatted("bradycardia_micros"),
            TIME.formatted("silent_micros"));

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

    /**
     * Opens a device-silent alarm for each patient of the given partitions whose newest reading is more than the
     * threshold (microseconds) older than its partition's newest reading, unless its silence has one already: it is
     * measured against what the partition delivers, so a stalled pipeline, which moves no partition on, pages nobody.
     * Started at the patient's last reading.
     */
    static final String OPEN_SILENT = """
            WITH clock AS (
                SELECT * FROM unnest(?::integer[], ?::bigint[]) AS c (kafka_partition, newest_micros)),
            silent AS (
                UPDATE patient_alarm_state AS s
                SET silent_started_at = s.last_reading_at
                FROM clock AS c
                WHERE s.kafka_partition = c.kafka_partition
                  AND s.silent_started_at IS NULL
                  AND s.last_reading_at < %s
                RETURNING s.patient_id, s.last_reading_at)
            INSERT INTO patient_alarms (patient_id, kind, started_at)
            SELECT patient_id, 'device_silent', last_reading_at
            FROM silent
            ON CONFLICT (patient_id, kind, started_at) DO NOTHING""".formatted(
            TIME.formatted("(c.newest_micros - ?)"));

    private AlarmStatements() {
    }

    static Map<String, PatientAlarmState> load(Connection connection, Collection<String> patients)
            throws SQLException {
        Map<String, PatientAlarmState> states = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(LOAD)) {
            statement.setArray(1, connection.createArrayOf("text", patients.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    PatientAlarmState state = new PatientAlarmState(rows.getString(1), rows.getInt(2),
                            rows.getLong(3), rows.getObject(4, UUID.class), instant(rows, 5));
                    String runKind = rows.getString(6);
                    state.runKind = (runKind != null) ? kind(runKind) : null;
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

    static void save(Connection connection, Collection<PatientAlarmState> states) throws SQLException {
        List<PatientAlarmState> all = List.copyOf(states);
        try (PreparedStatement statement = connection.prepareStatement(SAVE)) {
            statement.setArray(1, array(connection, "text", all, (s) -> s.patientId));
            statement.setArray(2, array(connection, "integer", all, (s) -> s.partition));
            statement.setArray(3, array(connection, "bigint", all, (s) -> s.offset));
            statement.setArray(4, array(connection, "uuid", all, (s) -> s.eventId));
            statement.setArray(5, array(connection, "bigint", all, (s) -> micros(s.lastReadingAt)));
            statement.setArray(6, array(connection, "text", all, (s) -> (s.runKind != null) ? s.runKind.dbValue() : null));
            statement.setArray(7, array(connection, "integer", all, (s) -> s.runLength));
            statement.setArray(8, array(connection, "bigint", all, (s) -> micros(s.runStartedAt)));
            statement.setArray(9, array(connection, "integer", all, (s) -> s.validRun));
            statement.setArray(10, array(connection, "bigint", all,
                    (s) -> micros(s.open.get(AlarmKind.SUSTAINED_TACHYCARDIA))));
            statement.setArray(11, array(connection, "bigint", all,
                    (s) -> micros(s.open.get(AlarmKind.SUSTAINED_BRADYCARDIA))));
            statement.setArray(12, array(connection, "bigint", all, (s) -> micros(s.open.get(AlarmKind.DEVICE_SILENT))));
            statement.executeUpdate();
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

    /** Runs {@link #OPEN_SILENT} for the partitions' newest readings; returns how many alarms it opened. */
    static int openSilent(Connection connection, Map<Integer, Instant> newestByPartition, Duration silentAfter)
            throws SQLException {
        List<Map.Entry<Integer, Instant>> clocks = List.copyOf(newestByPartition.entrySet());
        try (PreparedStatement statement = connection.prepareStatement(OPEN_SILENT)) {
            statement.setArray(1, array(connection, "integer", clocks, Map.Entry::getKey));
            statement.setArray(2, array(connection, "bigint", clocks, (c) -> micros(c.getValue())));
            statement.setLong(3, silentAfter.toNanos() / 1000);
            return statement.executeUpdate();
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

    private static AlarmKind kind(String dbValue) {
        for (AlarmKind kind : AlarmKind.values()) {
            if (kind.dbValue().equals(dbValue)) {
                return kind;
            }
        }
        throw new IllegalStateException("Unknown alarm kind '" + dbValue + "' in patient_alarm_state");
    }
}
