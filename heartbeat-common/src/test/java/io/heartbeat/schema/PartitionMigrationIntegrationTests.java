package io.heartbeat.schema;

import java.util.List;

import io.heartbeat.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database V3 built, holding readings and alerts, migrates to the day-partitioned tables of V4 with every row kept,
 * value for value and id for id, in the partition of its day (or the DEFAULT one), and its grants kept.
 */
class PartitionMigrationIntegrationTests {

    private static final String READINGS = "SELECT concat_ws('|', id, event_id, timestamp AT TIME ZONE 'UTC',"
            + " patient_id, heartbeat_value, validation_status, anomaly_type, raw_payload, kafka_partition,"
            + " kafka_offset, created_at AT TIME ZONE 'UTC') FROM heartbeats ORDER BY id";

    private static final String ALERTS = "SELECT concat_ws('|', alert_id, heartbeat_id, timestamp AT TIME ZONE 'UTC',"
            + " patient_id, heartbeat_value, alert_category, resolved_flag, created_at AT TIME ZONE 'UTC', resolved_at,"
            + " resolved_by, acknowledged_at, acknowledged_by) FROM heartbeat_alerts ORDER BY alert_id";

    @Test
    void everyRowOfAV3DatabaseIsKeptInThePartitionOfItsDay() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        Flyway.configure().configuration(database.flyway().getConfiguration()).target("3").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        jdbc.execute("""
                INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value, validation_status,
                                        anomaly_type, raw_payload, kafka_partition, kafka_offset, created_at)
                VALUES ('018f0000-0000-7000-8000-000000000001', '2026-03-01T09:59:59.123456Z', 'p-1', 72, 'valid',
                        NULL, NULL, 0, 10, '2026-03-01T10:00:00Z'),
                       ('018f0000-0000-7000-8000-000000000002', '2026-03-01T23:59:59.999999Z', 'p-2', 20,
                        'invalid_physiological', 'bradycardia', '{"heartbeat_value":20}', 1, 11,
                        '2026-03-02T00:00:01Z'),
                       ('018f0000-0000-7000-8000-000000000003', '2026-03-02T00:00:00Z', 'p-1', 72.5, 'valid',
                        NULL, NULL, 0, 12, '2026-03-02T00:00:02Z'),
                       ('018f0000-0000-7000-8000-000000000004', '1900-01-01T00:00:00Z', 'p-3', NULL, 'corrupted',
                        'stale_timestamp', 'old', NULL, NULL, '2026-03-02T00:00:03Z')
                """);
        jdbc.execute("""
                INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id, heartbeat_value, alert_category,
                                              resolved_flag, created_at, resolved_at, resolved_by, acknowledged_at,
                                              acknowledged_by)
                SELECT id, timestamp, patient_id, heartbeat_value,
                       CASE validation_status WHEN 'corrupted' THEN 'data_corruption' ELSE 'physiological_anomaly' END,
                       id = 2, created_at, CASE WHEN id = 2 THEN timestamptz '2026-03-02T01:00:00Z' END,
                       CASE WHEN id = 2 THEN 'nurse' END, CASE WHEN id = 4 THEN timestamptz '2026-03-02T02:00:00Z' END,
                       CASE WHEN id = 4 THEN 'doctor' END
                FROM heartbeats WHERE validation_status <> 'valid' ORDER BY id
                """);
        String role = "writer_" + database.name();
        jdbc.execute("CREATE ROLE " + role);
        jdbc.execute("GRANT SELECT, INSERT ON heartbeats, heartbeat_alerts TO " + role);
        jdbc.execute("GRANT UPDATE (resolved_flag, acknowledged_by) ON heartbeat_alerts TO " + role);
        List<String> readings = jdbc.queryForList(READINGS, String.class);
        List<String> alerts = jdbc.queryForList(ALERTS, String.class);
        assertThat(readings).hasSize(4);
        assertThat(alerts).hasSize(2);

        database.flyway().migrate();

        assertThat(jdbc.queryForList(READINGS, String.class)).containsExactlyElementsOf(readings);
        assertThat(jdbc.queryForList(ALERTS, String.class)).containsExactlyElementsOf(alerts);
        assertThat(jdbc.queryForList("SELECT id || ' ' || tableoid::regclass FROM heartbeats ORDER BY id",
                String.class)).containsExactly("1 heartbeats_p20260301", "2 heartbeats_p20260301",
                        "3 heartbeats_p20260302", "4 heartbeats_default");
        assertThat(jdbc.queryForList("SELECT alert_id || ' ' || tableoid::regclass FROM heartbeat_alerts"
                + " ORDER BY alert_id", String.class))
            .containsExactly("1 heartbeat_alerts_p20260301", "2 heartbeat_alerts_default");
        // New ids continue after the copied ones.
        assertThat(jdbc.queryForObject("INSERT INTO heartbeats (event_id, timestamp, patient_id, validation_status)"
                + " VALUES (md5(random()::text)::uuid, '2026-03-02T12:00:00Z', 'p-1', 'valid') RETURNING id",
                Long.class))
            .isEqualTo(5L);
        assertThat(jdbc.queryForObject("INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, alert_category)"
                + " VALUES (5, '2026-03-02T12:00:00Z', 'system_anomaly') RETURNING alert_id", Long.class))
            .isEqualTo(3L);
        assertThat(jdbc.queryForList("SELECT table_name || ' ' || privilege_type FROM"
                + " information_schema.role_table_grants WHERE grantee = ? ORDER BY 1", String.class, role))
            .containsExactly("heartbeat_alerts INSERT", "heartbeat_alerts SELECT", "heartbeats INSERT",
                    "heartbeats SELECT");
        assertThat(jdbc.queryForList("SELECT column_name || ' ' || privilege_type FROM"
                + " information_schema.column_privileges WHERE grantee = ? AND privilege_type = 'UPDATE'"
                + " ORDER BY 1", String.class, role))
            .containsExactly("acknowledged_by UPDATE", "resolved_flag UPDATE");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_class WHERE relname LIKE '%\\_v3%'", Long.class))
            .isZero();
    }
}
