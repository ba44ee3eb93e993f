package io.heartbeat.schema;

import java.util.List;

import io.heartbeat.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database whose minutes V9's job rolled up gets, from V10, the heart rate of every patient's 5 minutes, computed
 * from the minutes it holds; the job's function keeps its name and answer.
 */
class FiveMinuteMigrationIntegrationTests {

    private static final String FIVE_MINUTES = "SELECT to_char(five_minutes AT TIME ZONE 'UTC', 'HH24:MI') || ' '"
            + " || patient_id || ' ' || rate_values || ' ' || coalesce(rate_sum::text, 'null')"
            + " FROM heartbeat_five_minutes ORDER BY five_minutes, patient_id";

    @Test
    void theMinutesRolledUpBeforeV10GetTheirFiveMinutes() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        Flyway.configure().configuration(database.flyway().getConfiguration()).target("9").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        jdbc.execute("""
                INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value, validation_status,
                                        anomaly_type)
                VALUES (md5(random()::text)::uuid, '2026-03-01T09:01:10Z', 'p-1', 70, 'valid', NULL),
                       (md5(random()::text)::uuid, '2026-03-01T09:03:00Z', 'p-1', 80, 'valid', NULL),
                       (md5(random()::text)::uuid, '2026-03-01T09:04:59.999Z', 'p-1', 150, 'invalid_physiological',
                        'high_bpm'),
                       (md5(random()::text)::uuid, '2026-03-01T09:05:30Z', 'p-1', NULL, 'corrupted', 'malformed_json'),
                       (md5(random()::text)::uuid, '2026-03-01T09:02:00Z', 'p-2', NULL, 'invalid_system', 'null_value'),
                       (md5(random()::text)::uuid, '2026-03-01T09:06:00Z', 'p-2', 60.5, 'valid', NULL)
                """);
        assertThat(jdbc.queryForObject("SELECT heartbeat_minutes_refresh('-infinity', 'infinity')", Long.class))
            .isEqualTo(6);

        database.flyway().migrate();

        // p-1's 5 minutes from 09:00 with the high reading of 09:04, p-2's without a heart rate; from 09:05, p-1's
        // corrupted reading and p-2's valid one
        List<String> expected = List.of("09:00 p-1 3 300", "09:00 p-2 0 null", "09:05 p-1 0 null",
                "09:05 p-2 1 60.5");
        assertThat(jdbc.queryForList(FIVE_MINUTES, String.class)).containsExactlyElementsOf(expected);
        // the job's call: nothing left to change, and a rebuild from scratch writes the same
        assertThat(jdbc.queryForObject("SELECT heartbeat_minutes_refresh('-infinity', 'infinity')", Long.class))
            .isZero();
        jdbc.execute("TRUNCATE heartbeat_minutes, heartbeat_five_minutes");
        assertThat(jdbc.queryForObject("SELECT heartbeat_minutes_refresh('-infinity', 'infinity')", Long.class))
            .isEqualTo(6);
        assertThat(jdbc.queryForList(FIVE_MINUTES, String.class)).containsExactlyElementsOf(expected);
    }
}
