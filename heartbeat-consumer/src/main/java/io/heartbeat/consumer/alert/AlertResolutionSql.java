package io.heartbeat.consumer.alert;

import io.heartbeat.validation.ValidationStatus;

/**
 * The SQL text of the automatic resolution, kept apart from binding.
 */
final class AlertResolutionSql {

    /**
     * Has PostgreSQL plan every statement for its own parameters until the transaction ends: what
     * {@link #RESOLVE_RECOVERED} needs. Its plan depends on how many patients its arrays hold and how many readings
     * each window spans; the generic plan PostgreSQL otherwise switches to after five runs of a prepared statement
     * made it three to four times slower, and slower as the table grew (docs/benchmarks-journal.md, step 1).
     * {@code LOCAL}, so the session's own setting is back at the commit. PostgreSQL 12 or later.
     */
    static final String CUSTOM_PLANS_FROM_HERE = "SET LOCAL plan_cache_mode = force_custom_plan";

    /**
     * Resolves, in one statement, the open alerts of the given patients that are followed by K consecutive valid
     * readings. Parameters: patient ids and, per patient, the earliest time (epoch microseconds) of its valid
     * readings in the batch; K - 1; K; the {@code resolved_by} text.
     * <p>
     * Only a run of valid readings that a batch's valid reading belongs to can be new, so each patient's readings
     * are read from the K-th reading before that earliest time on (index {@code idx_heartbeats_patient_id}): a
     * run of K that reaches into the batch is seen whole enough to count K. A run is the valid readings after one
     * non-valid reading, in (timestamp, id) order; it resolves every open alert before its first reading, as of its
     * K-th reading's time. Open alerts are found through the partial index {@code idx_heartbeat_alerts_open}.
     * Replaying a batch finds only alerts already resolved, and {@code NOT resolved_flag} skips them.
     */
    static final String RESOLVE_RECOVERED = """
            WITH recovering AS (
                SELECT r.patient_id, timestamptz 'epoch' + r.epoch_micros * interval '1 microsecond' AS first_valid_at
                FROM unnest(?::text[], ?::bigint[]) AS r (patient_id, epoch_micros)
                WHERE EXISTS (SELECT FROM heartbeat_alerts a WHERE a.patient_id = r.patient_id AND NOT a.resolved_flag)
            ),
            windows AS (
                SELECT w.patient_id, coalesce((
                    SELECT h.timestamp FROM heartbeats h
                    WHERE h.patient_id = w.patient_id AND h.timestamp < w.first_valid_at
                    ORDER BY h.timestamp DESC
                    OFFSET ? LIMIT 1), '-infinity') AS starts_at
                FROM recovering w
            ),
            readings AS (
                SELECT h.patient_id, h.id, h.timestamp, h.validation_status = '%1$s' AS valid,
                       count(*) FILTER (WHERE h.validation_status <> '%1$s')
                           OVER (PARTITION BY h.patient_id ORDER BY h.timestamp, h.id) AS run
                FROM windows w LEFT JOIN heartbeats h ON h.patient_id = w.patient_id AND h.timestamp >= w.starts_at
            ),
            valid_runs AS (
                SELECT patient_id, run, id, timestamp,
                       row_number() OVER (PARTITION BY patient_id, run ORDER BY timestamp, id) AS nth
                FROM readings
                WHERE valid
            ),
            recoveries AS (
                SELECT first.patient_id, first.timestamp AS started_at, first.id AS started_id,
                       kth.timestamp AS recovered_at
                FROM valid_runs first
                JOIN valid_runs kth ON kth.patient_id = first.patient_id AND kth.run = first.run
                WHERE first.nth = 1 AND kth.nth = ?
            ),
            resolutions AS (
                SELECT a.alert_id, min(r.recovered_at) AS resolved_at
                FROM recoveries r
                JOIN heartbeat_alerts a ON a.patient_id = r.patient_id AND NOT a.resolved_flag
                    AND (a.timestamp, a.heartbeat_id) < (r.started_at, r.started_id)
                GROUP BY a.alert_id
            )
            UPDATE heartbeat_alerts a
            SET resolved_flag = TRUE, resolved_at = r.resolved_at, resolved_by = ?
            FROM resolutions r
            WHERE a.alert_id = r.alert_id AND NOT a.resolved_flag
            """.formatted(ValidationStatus.VALID.dbValue());

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
     * The stored readings {@link #RESOLVE_RECOVERED} would read, for the given patients, before a batch's rows are
     * in: from the K-th reading before the earliest of the batch's valid readings on (index
     * {@code idx_heartbeats_patient_id}). Only patients with an alert in the batch, or an open one stored
     * ({@code idx_heartbeat_alerts_open}), are read. Parameters: K - 1, twice; patient ids; per patient, that
     * earliest time in epoch microseconds and whether the batch holds an alert of theirs. Returns the patient's
     * place in the array (from 1), the reading's id, its time and whether it is valid; a patient read with no stored
     * reading has one row of nulls.
     * <p>
     * On day partitions each lookup by patient probes every partition it cannot rule out, so each is bounded in
     * time where that is exact. No reading, and so no alert, is later than the newest stored reading, which rules
     * out the empty days created ahead. The K-th reading before is looked for within the day before first, and
     * only for a patient with fewer readings that day through every day. The open-alert test is a subquery with
     * {@code LIMIT 1}: as an {@code EXISTS}, PostgreSQL may turn it into one scan of the open alerts by time. The
     * windows are computed once each ({@code MATERIALIZED}), and {@code OFFSET 0} keeps the readings a probe of the
     * index per window: a plan for a thousand known windows otherwise hashed a whole partition.
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

    /**
     * Resolves, as of each given streak's K-th reading, the stored open alerts between the streak before it (if
     * any) and its first reading, unless resolved already: the earliest streak after an alert is the one that
     * resolves it, and the ranges never overlap, so each alert is found once, by one probe of
     * {@code idx_heartbeat_alerts_open} per streak. Parameters: the {@code resolved_by} text; per streak, its
     * patient, the time (epoch microseconds) and id of the previous streak's first reading (nulls for the first
     * streak) and of its own (for a reading not yet stored, any id above every stored one), and its K-th reading's
     * time.
     */
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
