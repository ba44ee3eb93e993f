package io.heartbeat.dashboards;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The time buckets of 'Live heart rate per patient' and 'Heartbeat trends' are Grafana's {@code $__timeGroupAlias}
 * buckets, computed in {@code double precision} ({@code date_part}) instead of {@code numeric} ({@code extract}
 * returns numeric from PostgreSQL 14 on, which cost those panels half their time over 15 minutes:
 * docs/dashboards.md#rollup). Checked on a real server at every bucket edge, a microsecond either side of it,
 * and in between.
 */
class TimeBucketIntegrationTests {

    private static final Instant FROM = Instant.parse("2026-12-05T05:36:00Z");

    @ParameterizedTest
    @ValueSource(strings = { "1s", "5s", "7s", "30s", "1m", "2m", "10m", "1h" })
    void theSameBucketAsGrafanasMacroForEveryInstant(String interval) {
        Duration step = PostgresMacros.parseInterval(interval);
        String macro = PostgresMacros.expand("$__timeGroup(ts, " + interval + ")", FROM, FROM);
        String panel = TemplateVariables.replace(
                "floor(date_part('epoch', ts) * 1000 / $__interval_ms) * $__interval_ms / 1000", Map.of(),
                step);
        JdbcTemplate jdbc = new JdbcTemplate(TestPostgres.freshDatabase().dataSource());

        // 2,000 bucket edges from FROM on, each with the microsecond before and after it and the middle of the bucket
        Long[] compared = jdbc.queryForObject("""
                SELECT count(*), count(*) FILTER (WHERE (%s)::numeric <> (%s)::numeric)
                FROM generate_series(0, 1999) AS edge
                CROSS JOIN LATERAL (VALUES (-1), (0), (1), (?::bigint / 2)) AS offset_micros (micros)
                CROSS JOIN LATERAL (SELECT ?::timestamptz + make_interval(secs => edge * ?::float8)
                                           + make_interval(secs => micros / 1e6) AS ts) AS t
                """.formatted(macro, panel),
                (row, n) -> new Long[] { row.getLong(1), row.getLong(2) }, step.toNanos() / 1000,
                Timestamp.from(FROM), step.toMillis() / 1000.0);

        assertThat(compared[0]).isEqualTo(8000);
        assertThat(compared[1]).as("instants whose bucket differs from the macro's").isZero();
    }
}
