package io.heartbeat.consumer.api;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads alerts and records what operators do with them (docs/alerts-api.md, "The alerts API").
 */
@Repository
class AlertRepository extends LifecycleTable<AlertView> {

    private static final String COLUMNS = "alert_id, heartbeat_id, patient_id, timestamp, heartbeat_value,"
            + " alert_category, resolved_flag, resolved_at, resolved_by, acknowledged_at, acknowledged_by, created_at";

    AlertRepository(JdbcClient jdbc) {
        super(jdbc, "heartbeat_alerts", "alert", "alert_id", COLUMNS, "timestamp DESC, alert_id DESC",
                AlertRepository::alert);
    }

    ListPage<AlertView> find(@Nullable String patientId, @Nullable String category, @Nullable String state,
            @Nullable Instant from, @Nullable Instant to, int page, int size) {
        return find(new WhereClause().and("patient_id = :patientId", "patientId", patientId)
            .and("alert_category = :category", "category", category)
            .and((state == null) ? null : ("open".equals(state) ? "NOT resolved_flag" : "resolved_flag"))
            .and("timestamp >= :from", "from", from)
            .and("timestamp < :to", "to", to), page, size);
    }

    AlertView acknowledge(long alertId, String operator) {
        return record(alertId, operator, "acknowledged_at = now(), acknowledged_by = :operator",
                "acknowledged_at IS NULL");
    }

    AlertView resolve(long alertId, String operator) {
        return record(alertId, operator,
                "resolved_flag = TRUE, resolved_at = now(), resolved_by = :operator", "NOT resolved_flag");
    }

    private static AlertView alert(ResultSet rs, int row) throws SQLException {
        return new AlertView(rs.getLong("alert_id"), rs.getLong("heartbeat_id"), rs.getString("patient_id"),
                instant(rs, "timestamp"), rs.getBigDecimal("heartbeat_value"), rs.getString("alert_category"),
                rs.getBoolean("resolved_flag"), instant(rs, "resolved_at"), rs.getString("resolved_by"),
                instant(rs, "acknowledged_at"), rs.getString("acknowledged_by"), instant(rs, "created_at"));
    }

    static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return (time != null) ? time.toInstant() : null;
    }
}
