package io.heartbeat.dashboards;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.IntConsumer;

import javax.sql.DataSource;

/**
 * Loads hours of history for many patients straight into {@code heartbeats} and {@code heartbeat_alerts} with
 * {@code generate_series}, an hour per statement, shaped as the consumer stores the producer's default mix: each
 * patient reads once a second, every non-valid reading has its alert (see {@link SyntheticMix}).
 * <p>
 * Deterministic: no random numbers, so every count is exact. Alerts resolve as the consumer resolves them a few
 * seconds later, except those of the last minute and those of unattributable records (patient {@code unknown}),
 * which no valid reading ever resolves.
 */
final class SyntheticHistory {

    /** How long the newest alerts stay open: the consumer resolves an alert after the patient's next valid run. */
    static final Duration OPEN_FOR = Duration.ofMinutes(1);

    private static final String RESOLVER = "auto (5 valid readings)";

    // One row per patient and second, in time order as the pipeline writes them: one series n = second * patients +
    // patient, so no sort is needed. The reading's instant spreads patients over the second, as they take turns.
    private static final String READINGS = """
            INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value, validation_status,
                                    anomaly_type, raw_payload, kafka_partition, kafka_offset, created_at)
            SELECT r.event_id, r.ts, CASE WHEN r.kind = 'malformed_json' THEN 'unknown' ELSE r.patient END,
                   r.value, r.status, CASE WHEN r.kind = 'valid' THEN NULL ELSE r.kind END,
                   CASE r.kind WHEN 'valid' THEN NULL
                               WHEN 'malformed_json' THEN left(r.fields || ',"heartbeat_value":72}',
                                                               length(r.fields) / 2)
                               WHEN 'missing_field' THEN r.fields || '}'
                               WHEN 'parsing_error' THEN r.fields || ',"heartbeat_value":"72 bpm"}'
                               ELSE r.fields || ',"heartbeat_value":' || coalesce(r.value::text, 'null') || '}' END,
                   r.p % 6, (r.s::bigint * ? + r.p) / 6, r.ts + interval '50 milliseconds'
            FROM (SELECT s, p, k.kind, k.ts, k.patient, k.event_id,
                         CASE k.kind
                             WHEN 'valid' THEN 67 + (p * 7919) % 36 + round(4 * sin((s + p * 13) / 300.0))
                                               + (s * 31 + p * 17) % 3 - 1
                             WHEN 'low_bpm' THEN 30 + (s + p) % 20
                             WHEN 'high_bpm' THEN 121 + (s * 7 + p) % 80
                             WHEN 'negative_value' THEN -(1 + (s + p) % 99)
                             WHEN 'overflow_value' THEN 301 + (s + p) % 699
                         END::numeric AS value,
                         CASE WHEN k.kind = 'valid' THEN 'valid'
                              WHEN k.kind IN ('low_bpm', 'high_bpm') THEN 'invalid_physiological'
                              WHEN k.kind IN ('null_value', 'negative_value', 'overflow_value') THEN 'invalid_system'
                              ELSE 'corrupted' END AS status,
                         '{"event_id":"' || k.event_id || '","patient_id":"' || k.patient || '","timestamp":"'
                             || to_char(k.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"' AS fields
                  FROM generate_series(?, ?) AS n
                  CROSS JOIN LATERAL (SELECT n / ? AS s, (n % ?)::int AS p) AS i
                  CROSS JOIN LATERAL (
                      SELECT (?::text[])[1 + (s + p * 37) % 60] AS kind,
                             ?::timestamptz + make_interval(secs => s + p::float8 / ?) AS ts,
                             'patient-' || CASE WHEN p < 9999 THEN lpad((p + 1)::text, 4, '0')
                                                ELSE (p + 1)::text END AS patient,
                             (lpad(to_hex((extract(epoch FROM ?::timestamptz) * 1000)::bigint
                                          + s::bigint * 1000 + (p * 1000) / ?), 12, '0')
                              || '7' || lpad(to_hex(p % 4096), 3, '0') || '8'
                              || lpad(to_hex(p), 7, '0') || lpad(to_hex(s), 8, '0'))::uuid AS event_id) AS k
                  ) AS r
            """;

    private static final String ALERTS = """
            INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id, heartbeat_value, alert_category,
                                          resolved_flag, resolved_at, resolved_by, created_at)
            SELECT id, timestamp, patient_id, heartbeat_value,
                   CASE validation_status WHEN 'invalid_physiological' THEN 'physiological_anomaly'
                                          WHEN 'invalid_system' THEN 'system_anomaly'
                                          ELSE 'data_corruption' END,
                   resolved, CASE WHEN resolved THEN timestamp + interval '5 seconds' END,
                   CASE WHEN resolved THEN ? END, created_at
            FROM (SELECT *, patient_id <> 'unknown' AND timestamp < ? AS resolved
                  FROM heartbeats
                  WHERE timestamp >= ? AND timestamp < ? AND validation_status <> 'valid') AS violating
            ORDER BY id
            """;

    private SyntheticHistory() {
    }

    /**
     * Loads {@code hours} of readings of {@code patients} patients ending at {@code end}, into the day partitions
     * the consumer's partition job would have created as the days came, then vacuums and analyzes both tables, as
     * autovacuum would have by then.
     *
     * @param progress told each hour loaded (1-based)
     */
    static Loaded load(DataSource owner, int patients, int hours, Instant end, IntConsumer progress) {
        Instant start = end.minus(Duration.ofHours(hours));
        OffsetDateTime openSince = utc(end.minus(OPEN_FOR));
        long began = System.nanoTime();
        try (Connection connection = owner.getConnection()) {
            try (PreparedStatement days = connection.prepareStatement("SELECT heartbeat_create_day_partitions(?)")) {
                LocalDate last = LocalDate.ofInstant(end, ZoneOffset.UTC);
                for (LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC); !day.isAfter(last);
                        day = day.plusDays(1)) {
                    days.setObject(1, day);
                    days.execute();
                }
            }
            for (int hour = 0; hour < hours; hour++) {
                long first = hour * 3600L;
                long last = first + 3599;
                try (PreparedStatement readings = connection.prepareStatement(READINGS);
                        PreparedStatement alerts = connection.prepareStatement(ALERTS)) {
                    int i = 0;
                    readings.setLong(++i, patients);
                    readings.setLong(++i, first * patients);
                    readings.setLong(++i, (last + 1) * patients - 1);
                    readings.setLong(++i, patients);
                    readings.setLong(++i, patients);
                    readings.setArray(++i, connection.createArrayOf("text", SyntheticMix.MINUTE.toArray()));
                    readings.setObject(++i, utc(start));
                    readings.setInt(++i, patients);
                    readings.setObject(++i, utc(start));
                    readings.setInt(++i, patients);
                    readings.executeUpdate();
                    alerts.setString(1, RESOLVER);
                    alerts.setObject(2, openSince);
                    alerts.setObject(3, utc(start.plusSeconds(first)));
                    alerts.setObject(4, utc(start.plusSeconds(last + 1)));
                    alerts.executeUpdate();
                }
                progress.accept(hour + 1);
            }
            Duration loading = Duration.ofNanos(System.nanoTime() - began);
            long vacuumBegan = System.nanoTime();
            try (Statement statement = connection.createStatement()) {
                statement.execute("VACUUM (ANALYZE) heartbeats");
                statement.execute("VACUUM (ANALYZE) heartbeat_alerts");
            }
            return new Loaded((long) patients * hours * 3600, loading,
                    Duration.ofNanos(System.nanoTime() - vacuumBegan));
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Could not load the synthetic history: " + ex.getMessage(), ex);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** What a load wrote and how long it took; {@code vacuum} is the VACUUM (ANALYZE) after it. */
    record Loaded(long readings, Duration loading, Duration vacuum) {

        double readingsPerSecond() {
            return this.readings / (this.loading.toNanos() / 1e9);
        }
    }
}
