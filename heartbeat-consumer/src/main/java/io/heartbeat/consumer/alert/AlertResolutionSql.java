package io.heartbeat.consumer.alert;

import io.heartbeat.validation.ValidationStatus;

/**
 * The SQL text of the automatic resolution, kept apart from binding.
 */
final class AlertResolutionSql {

    /**
     * The stored readings the rule reads (docs/alerts-api.md, "How it runs", step 1): those of each patient from the
     * K-th reading before its first valid reading of the batch on, but none before its bound, the time from which
     * it may have an open alert, and none after the newest stored. Bound: the start of the day of the earliest of
     * those bounds three times, K - 1 after the second, the three arrays after it. Why {@code MATERIALIZED} and
     * {@code OFFSET 0}: docs/consumer.md, "The write".
     */
    static final String WINDOW_READINGS = """
            WITH stored AS (
                SELECT max(s.timestamp) AS newest FROM heartbeats s WHERE s.timestamp >= ?::timestamptz
            ),
            windows AS MATERIALIZED (
                SELECT r.ord, r.patient_id, coalesce((SELECT h.timestamp FROM heartbeats h
                        WHERE h.patient_id = r.patient_id AND h.timestamp < r.first_at AND h.timestamp >= r.bound_at
                            AND h.timestamp >= ?::timestamptz
                        ORDER BY h.timestamp DESC
                        OFFSET ? LIMIT 1), r.bound_at) AS starts_at
                FROM (SELECT u.*, timestamptz 'epoch' + u.first_micros * interval '1 microsecond' AS first_at,
                             timestamptz 'epoch' + u.bound_micros * interval '1 microsecond' AS bound_at
                      FROM unnest(?::text[], ?::bigint[], ?::bigint[]) WITH ORDINALITY
                          AS u (patient_id, first_micros, bound_micros, ord)) r
            )
            SELECT w.ord, h.id, h.timestamp, h.valid
            FROM windows w LEFT JOIN LATERAL (
                SELECT h.id, h.timestamp, h.validation_status = '%s' AS valid FROM heartbeats h
                WHERE h.patient_id = w.patient_id AND h.timestamp >= w.starts_at AND h.timestamp >= ?::timestamptz
                    AND h.timestamp <= (SELECT newest FROM stored)
                OFFSET 0) h ON TRUE
            """.formatted(ValidationStatus.VALID.dbValue());

    /**
     * Each patient's open_since (V12), the time from which it may have open alerts; bound: the patients. Joined, not
     * {@code patient_id = ANY (?)}: a cached plan compares each row with every patient of the array, which cost a
     * thousand patients' batch 2 ms (docs/consumer.md, "The write").
     */
    static final String OPEN_SINCE = """
            SELECT s.patient_id, s.open_since
            FROM unnest(?::text[]) AS p (patient_id) JOIN heartbeat_alerts_open_since s ON s.patient_id = p.patient_id
            """;

    /**
     * Resolves the open alerts before each streak, bound by Recoveries (docs/alerts-api.md, "How it runs", step 3),
     * none before the day of the earliest open_since of their patients, whose start is the last value bound, twice.
     * Each streak's alerts are looked for on their own ({@code OFFSET 0}), a probe of the open alerts' index: joined
     * plainly, a partition whose statistics counted many alerts open was read whole for every batch.
     */
    static final String RESOLVE_BEFORE_STREAKS = """
            UPDATE heartbeat_alerts a
            SET resolved_flag = TRUE, resolved_at = timestamptz 'epoch' + r.kth_micros * interval '1 microsecond',
                resolved_by = ?
            FROM (SELECT s.kth_micros, o.alert_id, o.timestamp
                  FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])
                      AS s (patient_id, after_micros, after_id, first_micros, first_id, kth_micros)
                  CROSS JOIN LATERAL (SELECT x.alert_id, x.timestamp FROM heartbeat_alerts x
                      WHERE x.patient_id = s.patient_id AND NOT x.resolved_flag AND x.timestamp >= ?::timestamptz
                          AND (x.timestamp, x.heartbeat_id)
                              < (timestamptz 'epoch' + s.first_micros * interval '1 microsecond', s.first_id)
                          AND (s.after_micros IS NULL OR (x.timestamp, x.heartbeat_id)
                              >= (timestamptz 'epoch' + s.after_micros * interval '1 microsecond', s.after_id))
                      OFFSET 0) o) r
            WHERE a.alert_id = r.alert_id AND a.timestamp = r.timestamp AND NOT a.resolved_flag
                AND a.timestamp >= ?::timestamptz
            """;

    /**
     * Raises each patient's open_since to its oldest alert still open, or forgets the patient when none is, after a
     * resolution; bound: the start of the day of the earliest of their open_since, then the patients.
     */
    static final String RAISE_OPEN_SINCE = """
            WITH oldest AS (
                SELECT p.patient_id, (SELECT min(a.timestamp) FROM heartbeat_alerts a
                        WHERE a.patient_id = p.patient_id AND NOT a.resolved_flag AND a.timestamp >= ?::timestamptz)
                    AS open_since
                FROM unnest(?::text[]) AS p (patient_id)
            ),
            raised AS (
                UPDATE heartbeat_alerts_open_since s SET open_since = o.open_since
                FROM oldest o
                WHERE s.patient_id = o.patient_id AND o.open_since > s.open_since
            )
            DELETE FROM heartbeat_alerts_open_since s
            USING oldest o
            WHERE s.patient_id = o.patient_id AND o.open_since IS NULL
            """;

    /**
     * Lowers each patient's open_since to the time given, or records it, unless it is as early already; bound: the
     * patients and their times, in microseconds. In patient order, as every writer of a row takes its lock.
     */
    static final String LOWER_OPEN_SINCE = """
            INSERT INTO heartbeat_alerts_open_since AS s (patient_id, open_since)
            SELECT u.patient_id, timestamptz 'epoch' + u.micros * interval '1 microsecond'
            FROM unnest(?::text[], ?::bigint[]) AS u (patient_id, micros)
            ORDER BY u.patient_id
            ON CONFLICT (patient_id) DO UPDATE SET open_since = excluded.open_since
            WHERE excluded.open_since < s.open_since
            """;

    private AlertResolutionSql() {
    }
}
