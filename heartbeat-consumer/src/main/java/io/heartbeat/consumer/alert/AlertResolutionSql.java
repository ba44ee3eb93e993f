package io.heartbeat.consumer.alert;

import io.heartbeat.validation.ValidationStatus;

/**
 * The SQL text of the automatic resolution, kept apart from binding.
 */
final class AlertResolutionSql {

    /**
     * The time of the K-th stored reading of {@code r.patient_id} before {@code r.first_at}, with K - 1 as its
     * parameter; null when there are fewer.
     */
    private static final String KTH_READING_BEFORE = """
            (SELECT h.timestamp FROM heartbeats h
                    WHERE h.patient_id = r.patient_id AND h.timestamp < r.first_at%s
                    ORDER BY h.timestamp DESC
                    OFFSET ? LIMIT 1)""";

    /**
     * The stored readings the rule reads (docs/alerts-api.md, "How it runs", step 1), K - 1 bound twice before the
     * arrays. Why its bounds, {@code LIMIT 1}, {@code MATERIALIZED}, {@code OFFSET 0}: docs/consumer.md, "The write".
     */
    static final String WINDOW_READINGS = """
            WITH stored AS (
                SELECT max(s.timestamp) AS newest FROM heartbeats s
            ),
            windows AS MATERIALIZED (
                SELECT r.ord, r.patient_id, coalesce(%1$s, %2$s, '-infinity') AS starts_at
                FROM (SELECT u.*, timestamptz 'epoch' + u.epoch_micros * interval '1 microsecond' AS first_at
                      FROM unnest(?::text[], ?::bigint[], ?::boolean[]) WITH ORDINALITY
                          AS u (patient_id, epoch_micros, alerting, ord)) r
                WHERE r.alerting OR (SELECT TRUE FROM heartbeat_alerts a
                    WHERE a.patient_id = r.patient_id AND NOT a.resolved_flag
                        AND a.timestamp <= (SELECT newest FROM stored) LIMIT 1)
            )
            SELECT w.ord, h.id, h.timestamp, h.valid
            FROM windows w LEFT JOIN LATERAL (
                SELECT h.id, h.timestamp, h.validation_status = '%3$s' AS valid FROM heartbeats h
                WHERE h.patient_id = w.patient_id AND h.timestamp >= w.starts_at
                    AND h.timestamp <= (SELECT newest FROM stored)
                OFFSET 0) h ON TRUE
            """.formatted(KTH_READING_BEFORE.formatted(" AND h.timestamp >= r.first_at - interval '1 day'"),
            KTH_READING_BEFORE.formatted(""), ValidationStatus.VALID.dbValue());

    /** Resolves the open alerts before each streak, bound by Recoveries (docs/alerts-api.md, "How it runs", step 3). */
    static final String RESOLVE_BEFORE_STREAKS = """
            UPDATE heartbeat_alerts a
            SET resolved_flag = TRUE, resolved_at = timestamptz 'epoch' + s.kth_micros * interval '1 microsecond',
                resolved_by = ?
            FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])
                AS s (patient_id, after_micros, after_id, first_micros, first_id, kth_micros)
            WHERE a.patient_id = s.patient_id AND NOT a.resolved_flag
                AND (a.timestamp, a.heartbeat_id)
                    < (timestamptz 'epoch' + s.first_micros * interval '1 microsecond', s.first_id)
                AND (s.after_micros IS NULL OR (a.timestamp, a.heartbeat_id)
                    >= (timestamptz 'epoch' + s.after_micros * interval '1 microsecond', s.after_id))
            """;

    private AlertResolutionSql() {
    }
}
