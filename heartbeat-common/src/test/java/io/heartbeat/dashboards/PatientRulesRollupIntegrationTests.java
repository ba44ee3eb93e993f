package io.heartbeat.dashboards;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two per-patient rules find the patients who reported in their range through the rollup's minutes and raw
 * rows from the newest rolled-up minute on (docs/dashboards.md, "The patients the two per-patient rules look at").
 * Whatever the rollup holds, none of it, all of it or a job that stopped some minutes ago, each evaluation answers
 * what raw rows alone answer.
 */
class PatientRulesRollupIntegrationTests {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private static final List<String> RULES = List.of("heartbeat-sustained-rhythm", "heartbeat-device-silent");

    /**
     * Patients reading every 10 s for half an hour (p-silent-* and p-gone until they stop), p-new only in the last
     * 40 s, p-tachy also 15 high readings every 2 s in the last 30 s, p-corrupt only corrupted readings: each rule's
     * raw answer at {@link #NOW} has them all but p-corrupt and p-gone, who stopped 11 minutes ago.
     */
    private static final String READINGS = """
            INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value, validation_status,
                                    anomaly_type)
            SELECT md5(random()::text)::uuid, t, p.patient_id, p.value, p.status, p.anomaly_type
            FROM (VALUES ('p-steady', 1800, 0, 10, 72, 'valid', NULL),
                         ('p-silent-50s', 1800, 50, 10, 80, 'valid', NULL),
                         ('p-silent-3m', 1800, 180, 10, 66, 'valid', NULL),
                         ('p-silent-9m', 1800, 570, 10, 90, 'valid', NULL),
                         ('p-gone', 1800, 660, 10, 75, 'valid', NULL),
                         ('p-new', 40, 0, 10, 70, 'valid', NULL),
                         ('p-tachy', 1800, 0, 10, 85, 'valid', NULL),
                         ('p-tachy', 28, 0, 2, 150, 'invalid_physiological', 'high_bpm'),
                         ('p-corrupt', 1800, 0, 10, NULL, 'corrupted', 'malformed_json'))
                 AS p (patient_id, first_ago, last_ago, every, value, status, anomaly_type)
            CROSS JOIN LATERAL generate_series(?::timestamptz - make_interval(secs => p.first_ago),
                                               ?::timestamptz - make_interval(secs => p.last_ago),
                                               make_interval(secs => p.every)) AS t
            """;

    private static DataSource reader;

    private static JdbcTemplate owner;

    @BeforeAll
    static void seed() {
        TestPostgres.Database database = TestPostgres.freshDatabase().migrate();
        owner = new JdbcTemplate(database.dataSource());
        assertThat(owner.update(READINGS, Timestamp.from(NOW), Timestamp.from(NOW)))
            .isEqualTo(181 + 176 + 163 + 124 + 115 + 5 + 181 + 15 + 181);
        reader = GrafanaReader.dataSource(database);
    }

    @Test
    void bothRulesFindTheirPatientsWithTheSameSteps() {
        // Grafana's provisioning has no shared query, so each rule spells the steps out: they must not drift apart
        String end = "WHERE l.last_reading IS NOT NULL)";
        List<String> steps = RULES.stream().map((uid) -> AlertRule.withUid(uid).sqlAt(NOW))
            .map((sql) -> sql.substring(0, sql.indexOf(end) + end.length()))
            .toList();

        assertThat(steps.get(0)).startsWith("WITH rolled_up AS (").isEqualTo(steps.get(1));
    }

    @Test
    void rawRowsAloneAnswerWithEveryPatientWhoReportedInTheLastTenMinutes() {
        owner.update("TRUNCATE heartbeat_minutes");

        assertThat(query("heartbeat-device-silent", NOW).rendered()).containsExactly("p-new|0", "p-silent-3m|180",
                "p-silent-50s|50", "p-silent-9m|570", "p-steady|0", "p-tachy|0");
        assertThat(query("heartbeat-sustained-rhythm", NOW).rendered()).containsExactly("p-new|bradycardia|0",
                "p-new|tachycardia|0", "p-silent-3m|bradycardia|0", "p-silent-3m|tachycardia|0",
                "p-silent-50s|bradycardia|0", "p-silent-50s|tachycardia|0", "p-silent-9m|bradycardia|0",
                "p-silent-9m|tachycardia|0", "p-steady|bradycardia|0", "p-steady|tachycardia|0",
                "p-tachy|bradycardia|0", "p-tachy|tachycardia|83.3");
    }

    @TestFactory
    Stream<DynamicTest> everyRollupStateAnswersAsRawRows() {
        List<Instant> evaluations = List.of(NOW, NOW.minusSeconds(20), NOW.minusSeconds(150), NOW.plusSeconds(30),
                NOW.plusSeconds(300), NOW.plusSeconds(590));
        owner.update("TRUNCATE heartbeat_minutes");
        List<List<String>> raw = new ArrayList<>();
        for (Instant at : evaluations) {
            for (String rule : RULES) {
                raw.add(query(rule, at).rendered());
            }
        }
        assertThat(raw).allSatisfy((rows) -> assertThat(rows).isNotEmpty());

        List<DynamicTest> tests = new ArrayList<>();
        // the job's every minute; a job that stopped 5 minutes ago and 12 minutes ago (nothing in any range)
        for (int stoppedMinutesAgo : new int[] { 0, 5, 12 }) {
            tests.add(DynamicTest.dynamicTest("rolled up until " + stoppedMinutesAgo + " minutes ago", () -> {
                owner.update("TRUNCATE heartbeat_minutes");
                assertThat(owner.queryForObject("SELECT heartbeat_minutes_refresh('-infinity', 'infinity')",
                        Long.class)).isEqualTo(194L);
                owner.update("DELETE FROM heartbeat_minutes WHERE minute > ?::timestamptz - make_interval(mins => ?)",
                        Timestamp.from(NOW), stoppedMinutesAgo);
                int i = 0;
                for (Instant at : evaluations) {
                    for (String rule : RULES) {
                        assertThat(query(rule, at).rendered()).as(rule + " at " + at).isEqualTo(raw.get(i++));
                    }
                }
            }));
        }
        return tests.stream();
    }

    private static QueryResult query(String uid, Instant evaluatedAt) {
        return QueryResult.run(reader, AlertRule.withUid(uid).sqlAt(evaluatedAt));
    }
}
