package io.heartbeat.consumer.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import io.heartbeat.validation.AlertCategory;
import io.heartbeat.validation.ValidationStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads one patient's readings and what they add up to, each query led by the patient (docs/alerts-api.md, "Code").
 */
@Repository
class PatientRepository {

    private final JdbcClient jdbc;

    PatientRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The time of the patient's newest reading; empty when it never reported. */
    Optional<Instant> lastReadingAt(String patientId) {
        return this.jdbc.sql("SELECT max(timestamp) AS last_reading FROM heartbeats WHERE patient_id = :patientId")
            .param("patientId", patientId)
            .query((rs, row) -> Optional.ofNullable(AlertRepository.instant(rs, "last_reading")))
            .single();
    }

    /** At most {@code limit} of the patient's readings taken in [from, to), newest first; each bound optional. */
    List<ReadingView> readings(String patientId, @Nullable Instant from, @Nullable Instant to, int limit) {
        WhereClause where = new WhereClause().and("patient_id = :patientId", "patientId", patientId)
            .and("timestamp >= :from", "from", from)
            .and("timestamp < :to", "to", to);
        return this.jdbc.sql("SELECT event_id, timestamp, heartbeat_value, validation_status, anomaly_type"
                + " FROM heartbeats " + where.sql() + " ORDER BY timestamp DESC, id DESC LIMIT :limit")
            .params(where.parameters())
            .param("limit", limit)
            .query((rs, row) -> new ReadingView(rs.getObject("event_id", UUID.class),
                    AlertRepository.instant(rs, "timestamp"), rs.getBigDecimal("heartbeat_value"),
                    rs.getString("validation_status"), rs.getString("anomaly_type")))
            .list();
    }

    /** The patient's readings taken in [from, to), counted by status, and its alerts open now. */
    PatientSummary summary(String patientId, Instant from, Instant to, Instant lastReadingAt) {
        List<StatusCount> statuses = this.jdbc.sql("SELECT validation_status, count(*) AS readings,"
                + " min(heartbeat_value) AS min_bpm, max(heartbeat_value) AS max_bpm,"
                + " round(avg(heartbeat_value), 2) AS average_bpm FROM heartbeats"
                + " WHERE patient_id = :patientId AND timestamp >= :from AND timestamp < :to"
                + " GROUP BY validation_status")
            .param("patientId", patientId)
            .param("from", from.atOffset(ZoneOffset.UTC))
            .param("to", to.atOffset(ZoneOffset.UTC))
            .query((rs, row) -> new StatusCount(rs.getString("validation_status"), rs.getLong("readings"),
                    new PatientSummary.Bpm(rs.getBigDecimal("min_bpm"), rs.getBigDecimal("max_bpm"),
                            rs.getBigDecimal("average_bpm"))))
            .list();
        List<OpenAlerts> open = this.jdbc.sql("SELECT alert_category, count(*) AS alerts, min(timestamp) AS oldest"
                + " FROM heartbeat_alerts WHERE patient_id = :patientId AND NOT resolved_flag GROUP BY alert_category")
            .param("patientId", patientId)
            .query((rs, row) -> new OpenAlerts(rs.getString("alert_category"), rs.getLong("alerts"),
                    AlertRepository.instant(rs, "oldest")))
            .list();
        return new PatientSummary(patientId, from, to,
                counts(statuses, StatusCount::status, StatusCount::readings,
                        Stream.of(ValidationStatus.values()).map(ValidationStatus::dbValue).toList()),
                validBpm(statuses), lastReadingAt,
                counts(open, OpenAlerts::category, OpenAlerts::alerts,
                        Stream.of(AlertCategory.values()).map(AlertCategory::dbValue).toList()),
                open.stream().map(OpenAlerts::oldest).min(Instant::compareTo).orElse(null));
    }

    // The total, then every one of keys, with 0 when there is none, so clients need not guess.
    private static <T> Map<String, Long> counts(List<T> rows, Function<T, String> key, ToLongFunction<T> count,
            List<String> keys) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("total", rows.stream().mapToLong(count).sum());
        keys.forEach((name) -> counts.put(name,
                rows.stream().filter((row) -> key.apply(row).equals(name)).mapToLong(count).sum()));
        return counts;
    }

    private static PatientSummary.@Nullable Bpm validBpm(List<StatusCount> statuses) {
        return statuses.stream().filter((count) -> count.status().equals(ValidationStatus.VALID.dbValue()))
            .map(StatusCount::bpm).findFirst().orElse(null);
    }

    private record StatusCount(String status, long readings, PatientSummary.Bpm bpm) {
    }

    private record OpenAlerts(String category, long alerts, Instant oldest) {
    }
}
