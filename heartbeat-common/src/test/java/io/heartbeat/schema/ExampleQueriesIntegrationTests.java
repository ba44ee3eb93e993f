package io.heartbeat.schema;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import io.heartbeat.testsupport.ProjectFiles;
import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every example query of db/queries.sql against a migrated database holding known rows.
 */
class ExampleQueriesIntegrationTests {

    private static JdbcTemplate jdbc;

    private static List<String> queries;

    @BeforeAll
    static void seed() throws IOException {
        jdbc = new JdbcTemplate(TestPostgres.freshDatabase().migrate().dataSource());
        String insert = "INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value, validation_status,"
                + " anomaly_type, raw_payload) VALUES (md5(random()::text)::uuid, TIMESTAMPTZ '2026-11-25 10:00:00Z'"
                + " + make_interval(secs => ?), ?, ?::numeric, ?, ?, ?)";
        jdbc.update(insert, 1, "p-1", "60", "valid", null, null);
        jdbc.update(insert, 2, "p-1", "80", "valid", null, null);
        jdbc.update(insert, 3, "p-2", "100", "valid", null, null);
        jdbc.update(insert, 4, "p-2", "130", "invalid_physiological", "high_bpm", "{\"heartbeat_value\":130}");
        jdbc.update(insert, 5, "p-2", null, "invalid_system", "null_value", "{\"heartbeat_value\":null}");
        jdbc.update(insert, 6, "unknown", null, "corrupted", "malformed_json", "not json");
        jdbc.update("INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id, heartbeat_value, alert_category)"
                + " SELECT id, timestamp, patient_id, heartbeat_value, CASE validation_status"
                + " WHEN 'invalid_physiological' THEN 'physiological_anomaly' WHEN 'invalid_system' THEN 'system_anomaly'"
                + " ELSE 'data_corruption' END FROM heartbeats WHERE validation_status <> 'valid'");
        String file = Files.readString(ProjectFiles.resolve("db/queries.sql"));
        queries = Arrays.stream(file.split(";"))
            .map((chunk) -> chunk.lines().filter((line) -> !line.startsWith("--")).reduce("", (a, b) -> a + "\n" + b))
            .map(String::strip)
            .filter((sql) -> !sql.isEmpty())
            .toList();
    }

    @Test
    void fileHoldsSixQueries() {
        assertThat(queries).hasSize(6);
    }

    @Test
    void recentHeartbeatsNewestFirst() {
        assertThat(jdbc.queryForList(queries.get(0))).extracting((row) -> row.get("patient_id"))
            .containsExactly("unknown", "p-2", "p-2", "p-2", "p-1", "p-1");
    }

    @Test
    void countByStatus() {
        assertThat(rows(queries.get(1))).containsExactly("corrupted|1", "invalid_physiological|1",
                "invalid_system|1", "valid|3");
    }

    @Test
    void statisticsOfValidReadingsByPatient() {
        assertThat(rows(queries.get(2))).containsExactly("p-1|60|80|70.00|2", "p-2|100|100|100.00|1");
    }

    @Test
    void recentAlerts() {
        assertThat(jdbc.queryForList(queries.get(3))).extracting((row) -> row.get("alert_category"))
            .containsExactly("data_corruption", "system_anomaly", "physiological_anomaly");
    }

    @Test
    void alertsByCategory() {
        assertThat(rows(queries.get(4))).containsExactly("data_corruption|1", "physiological_anomaly|1",
                "system_anomaly|1");
    }

    @Test
    void corruptedPayloadsAsReceived() {
        assertThat(jdbc.queryForList(queries.get(5))).extracting((row) -> row.get("raw_payload"))
            .containsExactly("not json");
    }

    private static List<String> rows(String sql) {
        return jdbc.query(sql, (rs, n) -> {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.append(i > 1 ? "|" : "").append(rs.getString(i));
            }
            return row.toString();
        });
    }
}
