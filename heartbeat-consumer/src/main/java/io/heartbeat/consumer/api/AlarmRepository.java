package io.heartbeat.consumer.api;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads alarms and records what operators do with them; never {@code ended_at} (docs/alerts-api.md, "Alarms").
 */
@Repository
class AlarmRepository extends LifecycleTable<AlarmView> {

    private static final String COLUMNS = "alarm_id, patient_id, kind, started_at, detected_at, ended_at, state,"
            + " acknowledged_at, acknowledged_by, resolved_at, resolved_by";

    AlarmRepository(JdbcClient jdbc) {
        super(jdbc, "patient_alarms", "alarm", "alarm_id", COLUMNS, "started_at DESC, alarm_id DESC",
                AlarmRepository::alarm);
    }

    ListPage<AlarmView> find(@Nullable String patientId, @Nullable String kind, @Nullable String state,
            @Nullable Instant from, @Nullable Instant to, int page, int size) {
        boolean unresolved = "unresolved".equals(state);
        // The very predicate of idx_patient_alarms_unresolved, so that the planner can use it.
        return find(new WhereClause().and("patient_id = :patientId", "patientId", patientId)
            .and("kind = :kind", "kind", kind)
            .and(unresolved ? "state <> 'resolved'" : null)
            .and("state = :state", "state", unresolved ? null : state)
            .and("started_at >= :from", "from", from)
            .and("started_at < :to", "to", to), page, size);
    }

    /** Records the first acknowledgement; an open alarm becomes acknowledged, a resolved one stays resolved. */
    AlarmView acknowledge(long alarmId, String operator) {
        return record(alarmId, operator, "acknowledged_at = now(), acknowledged_by = :operator,"
                + " state = CASE state WHEN 'open' THEN 'acknowledged' ELSE state END", "acknowledged_at IS NULL");
    }

    // When the detector ends the alarm first, its automatic resolution is the one kept.
    AlarmView resolve(long alarmId, String operator) {
        return record(alarmId, operator, "state = 'resolved', resolved_at = now(),"
                + " resolved_by = :operator", "state <> 'resolved'");
    }

    private static AlarmView alarm(ResultSet rs, int row) throws SQLException {
        return new AlarmView(rs.getLong("alarm_id"), rs.getString("patient_id"), rs.getString("kind"),
                AlertRepository.instant(rs, "started_at"), AlertRepository.instant(rs, "detected_at"),
                AlertRepository.instant(rs, "ended_at"), rs.getString("state"),
                AlertRepository.instant(rs, "acknowledged_at"), rs.getString("acknowledged_by"),
                AlertRepository.instant(rs, "resolved_at"), rs.getString("resolved_by"));
    }
}
