package io.heartbeat.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;

import static io.heartbeat.dashboards.SeededHeartbeats.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dashboard and the rules make of the clinical alarms ({@link SeededAlarms}) beyond the default range that
 * DashboardQueriesIntegrationTests and AlertRuleQueriesIntegrationTests pin: the 'Clinical alarms' annotations, an
 * earlier range, one patient selected, and an operator's resolution. Run as grafana_reader, macros and variables
 * expanded as Grafana expands them.
 */
class AlarmQueriesIntegrationTests {

    private static final Instant FROM = NOW.minus(Duration.ofMinutes(15));

    private static final List<String> ALL_PATIENTS = List.of("p-001", "p-002", "p-003", "p-004", "p-006");

    private static TestPostgres.Database database;

    private static DataSource reader;

    @BeforeAll
    static void seed() {
        database = TestPostgres.freshDatabase().migrate();
        SeededHeartbeats.insertInto(database.dataSource());
        SeededAlarms.insertInto(database.dataSource());
        reader = GrafanaReader.dataSource(database);
    }

    @Test
    void annotationsShowEveryAlarmGoingOnInTheRangeUpToItsEndOrTheRangesEnd() {
        // p-006 silent since 08:00 and p-001's bradycardia until 09:46 started before the range; p-005's ended
        // at 09:03. Those still going on end at the range's end.
        assertThat(annotations(FROM, NOW, ALL_PATIENTS).columns()).containsExactly("time", "timeend", "text", "tags");
        assertThat(annotations(FROM, NOW, ALL_PATIENTS).rendered()).containsExactly(
                "2026-11-25T08:00:00Z|2026-11-25T10:00:00Z|p-006: device silent|device_silent",
                "2026-11-25T09:40:00Z|2026-11-25T09:46:00Z|p-001: sustained bradycardia|sustained_bradycardia",
                "2026-11-25T09:49:00Z|2026-11-25T10:00:00Z|p-004: device silent|device_silent",
                "2026-11-25T09:50:00Z|2026-11-25T09:52:00Z|p-003: sustained tachycardia|sustained_tachycardia",
                "2026-11-25T09:59:15Z|2026-11-25T10:00:00Z|p-003: device silent|device_silent",
                "2026-11-25T09:59:20Z|2026-11-25T10:00:00Z|p-002: sustained bradycardia|sustained_bradycardia",
                "2026-11-25T09:59:35Z|2026-11-25T10:00:00Z|p-001: sustained tachycardia|sustained_tachycardia");
    }

    @Test
    void anEarlierRangeAnnotatesTheAlarmsOfThatTimeAndTheTableTheAlarmsResolvedThen() {
        Instant from = Instant.parse("2026-11-25T08:50:00Z");
        Instant to = Instant.parse("2026-11-25T09:41:00Z");
        List<String> patients = List.of("p-001", "p-002", "p-003", "p-004", "p-005", "p-006");

        // p-006's silence going on, p-005's bradycardia, and p-001's, from 09:40 to its end at 09:46; nothing that
        // started later
        assertThat(annotations(from, to, patients).rendered()).containsExactly(
                "2026-11-25T08:00:00Z|2026-11-25T09:41:00Z|p-006: device silent|device_silent",
                "2026-11-25T09:00:00Z|2026-11-25T09:03:00Z|p-005: sustained bradycardia|sustained_bradycardia",
                "2026-11-25T09:40:00Z|2026-11-25T09:46:00Z|p-001: sustained bradycardia|sustained_bradycardia");
        // the alarms unresolved now, and p-005's, resolved at 09:03
        assertThat(table(from, to, patients).rendered()).extracting((row) -> row.substring(0, row.indexOf("|20")))
            .containsExactly("p-001|sustained_tachycardia", "p-002|sustained_bradycardia", "p-003|device_silent",
                    "p-004|device_silent", "p-005|sustained_bradycardia", "p-006|device_silent");
    }

    @Test
    void oneSelectedPatientGetsOnlyItsAlarmsAndAnnotations() {
        assertThat(annotations(FROM, NOW, List.of("p-001")).column("text")).containsExactly(
                "p-001: sustained bradycardia", "p-001: sustained tachycardia");
        // its bradycardia was resolved at 09:44, before the range
        assertThat(table(FROM, NOW, List.of("p-001")).column("kind")).containsExactly("sustained_tachycardia");
    }

    @Test
    void theAnnotationsAreTheDashboardsOnlyOnesAndGoToPostgres() {
        JsonNode annotations = GrafanaProvisioning.dashboard("heartbeat-monitoring").at("/annotations/list");

        assertThat(annotations.size()).isEqualTo(1);
        assertThat(annotations.at("/0/datasource/uid").asString()).isEqualTo(AlertRule.POSTGRES_DATASOURCE);
        assertThat(annotations.at("/0/enable").asBoolean()).isTrue();
        assertThat(annotations.at("/0/target/format").asString()).isEqualTo("table");
    }

    @Test
    void anAlarmResolvedByAnOperatorStopsFiringAndAnAcknowledgedOneDoesNot() {
        TestPostgres.Database resolved = TestPostgres.freshDatabase().migrate();
        SeededAlarms.insertInto(resolved.dataSource());
        JdbcTemplate owner = new JdbcTemplate(resolved.dataSource());
        owner.update("UPDATE patient_alarms SET state = 'resolved', resolved_at = ?::timestamptz, resolved_by ="
                + " 'dr.ng' WHERE patient_id = 'p-001' AND kind = 'sustained_tachycardia'", "2026-11-25T09:59:58Z");
        owner.update("UPDATE patient_alarms SET state = 'acknowledged', acknowledged_at = ?::timestamptz,"
                + " acknowledged_by = 'nurse.kim' WHERE patient_id = 'p-003' AND kind = 'device_silent'",
                "2026-11-25T09:59:58Z");
        AlertRule rule = AlertRule.withUid("heartbeat-open-alarm");

        QueryResult result = QueryResult.run(GrafanaReader.dataSource(resolved), rule.sqlAt(NOW));

        assertThat(result.rendered()).containsExactly("p-002|sustained_bradycardia|40", "p-003|device_silent|45",
                "p-004|device_silent|660", "p-006|device_silent|7200");
        assertThat(AlertEvaluation.firing(rule, result)).hasSize(4);
    }

    private static QueryResult annotations(Instant from, Instant to, List<String> patients) {
        String sql = GrafanaProvisioning.dashboard("heartbeat-monitoring").at("/annotations/list/0/target/rawSql")
            .asString();
        return QueryResult.run(reader, GrafanaSql.interpolate(sql, from, to, Duration.ofSeconds(1),
                patient(patients)));
    }

    private static QueryResult table(Instant from, Instant to, List<String> patients) {
        DashboardTarget table = DashboardTarget.of(GrafanaProvisioning.dashboard("heartbeat-monitoring")).stream()
            .filter((target) -> target.panel().equals("Clinical alarms"))
            .findFirst()
            .orElseThrow();
        return QueryResult.run(reader, GrafanaSql.interpolate(table.query(), from, to, Duration.ofSeconds(1),
                patient(patients)));
    }

    private static Map<String, TemplateVariable> patient(List<String> values) {
        return Map.of("patient", new TemplateVariable("patient", true, true, values));
    }
}
