package io.heartbeat.consumer.api;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads alerts and records what operators do with them. An operator's acknowledgement or resolution is kept as
 * the first one made: doing it again changes nothing.
 */
@Repository
class AlertRepository {

    private static final String COLUMNS = "alert_id, heartbeat_id, patient_id, timestamp, heartbeat_value,"
            + " alert_category, resolved_flag, resolved_at, resolved_by, acknowledged_at, acknowledged_by, created_at";

    private final JdbcClient jdbc;

    AlertRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The page'th page of {@code size} alerts matching {@code filter}, newest first. */
    AlertPage find(AlertFilter filter, int page, int size) {
        List<AlertView> alerts = this.jdbc
            .sql("SELECT " + COLUMNS + " FROM heartbeat_alerts " + filter.whereClause()
                    + " ORDER BY timestamp DESC, alert_id DESC LIMIT :limit OFFSET :offset")
            .params(filter.parameters())
            .param("limit", size + 1)
            .param("offset", (long) page * size)
            .query(AlertRepository::alert)
            .list();
        boolean hasNext = alerts.size() > size;
        return new AlertPage(hasNext ? alerts.subList(0, size) : alerts, page, size, hasNext);
    }

    Optional<AlertView> find(long alertId) {
        return this.jdbc.sql("SELECT " + COLUMNS + " FROM heartbeat_alerts WHERE alert_id = :alertId")
            .param("alertId", alertId)
            .query(AlertRepository::alert)
            .optional();
    }

    Optional<AlertView> acknowledge(long alertId, String operator) {
        this.jdbc.sql("UPDATE heartbeat_alerts SET acknowledged_at = now(), acknowledged_by = :operator"
                + " WHERE alert_id = :alertId AND acknowledged_at IS NULL")
            .param("alertId", alertId)
            .param("operator", operator)
            .update();
        return find(alertId);
    }

    Optional<AlertView> resolve(long alertId, String operator) {
        this.jdbc.sql("UPDATE heartbeat_alerts SET resolved_flag = TRUE, resolved_at = now(), resolved_by = :operator"
                + " WHERE alert_id = :alertId AND NOT resolved_flag")
            .param("alertId", alertId)
            .param("operator", operator)
            .update();
        return find(alertId);
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
