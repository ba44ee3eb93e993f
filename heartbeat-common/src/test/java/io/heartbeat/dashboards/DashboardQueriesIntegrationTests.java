package io.heartbeat.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;

import static io.heartbeat.dashboards.SeededHeartbeats.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every SQL query of every dashboard as Grafana would: variables and macros expanded for the dashboard's
 * default range (the last 15 minutes) and the panels' 5 s interval, executed as grafana_reader against
 * {@link SeededHeartbeats} and {@link SeededAlarms}, each result compared with the exact columns and rows expected.
 */
class DashboardQueriesIntegrationTests {

    private static final String MONITORING = "Heartbeat Monitoring";

    private static final Instant FROM = NOW.minus(Duration.ofMinutes(15));

    // p-006 has no reading, only an alarm still going on: the variable lists it so that "All" shows the alarm
    private static final List<String> ALL_PATIENTS = List.of("p-001", "p-002", "p-003", "p-004", "p-006");

    private static final Map<String, Expected> EXPECTED = new LinkedHashMap<>();

    static {
        expect("$patient", List.of("patient_id"), ALL_PATIENTS);
        expect("Active alerts / A", List.of("active_alerts"), List.of("9"));
        expect("Total heartbeats / A", List.of("heartbeats"), List.of("18"));
        expect("Overall health by status / A", List.of("status", "readings"),
                List.of("corrupted|2", "invalid_physiological|6", "invalid_system|2", "valid|8"));
        expect("Anomalies by type / A", List.of("anomaly_type", "readings"), List.of("high_bpm|3", "low_bpm|3",
                "malformed_json|1", "missing_field|1", "negative_value|1", "null_value|1"));
        expect("Heartbeat trends / A", List.of("time", "average_bpm"),
                List.of("2026-11-25T09:49:00Z|70", "2026-11-25T09:50:00Z|66", "2026-11-25T09:53:20Z|90",
                        "2026-11-25T09:55:00Z|80", "2026-11-25T09:58:00Z|76", "2026-11-25T09:59:15Z|100",
                        "2026-11-25T09:59:50Z|64"));
        expect("Alerts over time / A", List.of("time", "metric", "alerts"),
                List.of("2026-11-25T09:48:20Z|system_anomaly|1", "2026-11-25T09:56:40Z|system_anomaly|1",
                        "2026-11-25T09:58:20Z|data_corruption|1", "2026-11-25T09:59:20Z|physiological_anomaly|1",
                        "2026-11-25T09:59:30Z|data_corruption|1", "2026-11-25T09:59:35Z|physiological_anomaly|1",
                        "2026-11-25T09:59:40Z|physiological_anomaly|1", "2026-11-25T09:59:45Z|physiological_anomaly|1",
                        "2026-11-25T09:59:50Z|physiological_anomaly|1",
                        "2026-11-25T09:59:55Z|physiological_anomaly|1"));
        expect("Live heart rate per patient / A", List.of("time", "metric", "bpm"),
                List.of("2026-11-25T09:49:00Z|p-004|70", "2026-11-25T09:50:00Z|p-001|72",
                        "2026-11-25T09:50:00Z|p-002|60", "2026-11-25T09:53:20Z|p-003|90",
                        "2026-11-25T09:55:00Z|p-001|80", "2026-11-25T09:58:00Z|p-001|76",
                        "2026-11-25T09:59:15Z|p-003|100", "2026-11-25T09:59:20Z|p-002|40",
                        "2026-11-25T09:59:35Z|p-001|150", "2026-11-25T09:59:40Z|p-002|42",
                        "2026-11-25T09:59:45Z|p-001|160", "2026-11-25T09:59:50Z|p-002|51",
                        "2026-11-25T09:59:55Z|p-001|170"));
        expect("Top 10 patients with anomalies / A", List.of("patient_id", "anomalies"),
                List.of("p-001|3", "p-002|3", "p-003|1", "p-004|1"));
        expect("Per-patient statistics / A", List.of("patient_id", "min_bpm", "max_bpm", "avg_bpm", "readings"),
                List.of("p-001|72|80|76|3", "p-002|60|64|62|2", "p-003|90|100|95|2", "p-004|70|70|70|1"));
        expect("Recent alerts / A", List.of("time", "patient_id", "heartbeat_value", "alert_category",
                "resolved_flag"),
                List.of("2026-11-25T09:59:55Z|p-001|170|physiological_anomaly|false",
                        "2026-11-25T09:59:51Z|p-002|38|physiological_anomaly|false",
                        "2026-11-25T09:59:45Z|p-001|160|physiological_anomaly|false",
                        "2026-11-25T09:59:40Z|p-002|42|physiological_anomaly|false",
                        "2026-11-25T09:59:35Z|p-001|150|physiological_anomaly|false",
                        "2026-11-25T09:59:30Z|unknown|null|data_corruption|false",
                        "2026-11-25T09:59:20Z|p-002|40|physiological_anomaly|false",
                        "2026-11-25T09:58:20Z|unknown|null|data_corruption|false",
                        "2026-11-25T09:56:40Z|p-003|null|system_anomaly|true",
                        "2026-11-25T09:48:20Z|p-004|-5|system_anomaly|false"));
        // open or acknowledged whenever they started, and p-003's tachycardia resolved at 09:52; not p-001's
        // bradycardia, resolved at 09:44, before the range, nor p-005's, resolved at 09:03
        expect("Clinical alarms / A", List.of("patient_id", "kind", "started_at", "detected_at", "seconds_to_detect",
                "ended_at", "state", "acknowledged_by", "resolved_by"),
                List.of("p-001|sustained_tachycardia|2026-11-25T09:59:35Z|2026-11-25T09:59:44.250Z|9.3|null|open|null"
                        + "|null",
                        "p-002|sustained_bradycardia|2026-11-25T09:59:20Z|2026-11-25T09:59:29.500Z|9.5|null"
                                + "|acknowledged|nurse.kim|null",
                        "p-003|device_silent|2026-11-25T09:59:15Z|2026-11-25T09:59:47Z|32|null|open|null|null",
                        "p-003|sustained_tachycardia|2026-11-25T09:50:00Z|2026-11-25T09:50:08Z|8"
                                + "|2026-11-25T09:52:00Z|resolved|nurse.kim|auto (5 valid readings)",
                        "p-004|device_silent|2026-11-25T09:49:00Z|2026-11-25T09:49:31Z|31|null|open|null|null",
                        "p-006|device_silent|2026-11-25T08:00:00Z|2026-11-25T08:00:30.500Z|30.5|null|acknowledged"
                                + "|nurse.kim|null"));
    }

    private static DataSource reader;

    @BeforeAll
    static void seed() {
        TestPostgres.Database database = TestPostgres.freshDatabase().migrate();
        SeededHeartbeats.insertInto(database.dataSource());
        SeededAlarms.insertInto(database.dataSource());
        // as the consumer's rollup job would have: the totals read whole minutes from it from 15 minutes on
        new JdbcTemplate(database.dataSource())
            .queryForObject("SELECT heartbeat_minutes_refresh('-infinity', 'infinity')", Long.class);
        reader = GrafanaReader.dataSource(database);
    }

    @TestFactory
    Stream<DynamicTest> everySqlQueryReturnsTheExpectedRows() {
        List<DashboardTarget> targets = sqlTargets();
        assertThat(targets).extracting(DashboardTarget::name).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
        return targets.stream().map((target) -> DynamicTest.dynamicTest(target.name(), () -> {
            Expected expected = EXPECTED.get(target.name());
            QueryResult result = run(target, Map.of("patient", patient(ALL_PATIENTS)));

            assertThat(result.columns()).containsExactlyElementsOf(expected.columns());
            assertThat(result.rendered()).containsExactlyElementsOf(expected.rows());
            if (target.format().equals("time_series")) {
                // Grafana needs a time column and rows sorted by it
                assertThat(result.column("time")).isSorted();
            }
        }));
    }

    @Test
    void dashboardOpensOnTheLastFifteenMinutesRefreshingEveryFiveSeconds() {
        JsonNode dashboard = GrafanaProvisioning.dashboard("heartbeat-monitoring");

        assertThat(dashboard.at("/time/from").asString()).isEqualTo("now-15m");
        assertThat(dashboard.at("/time/to").asString()).isEqualTo("now");
        assertThat(dashboard.path("refresh").asString()).isEqualTo("5s");
    }

    @Test
    void perPatientPanelsShowOnlyTheSelectedPatients() {
        Map<String, TemplateVariable> selected = Map.of("patient", patient(List.of("p-002", "p-003")));

        assertThat(run(target("Live heart rate per patient"), selected).rendered()).containsExactly(
                "2026-11-25T09:50:00Z|p-002|60", "2026-11-25T09:53:20Z|p-003|90", "2026-11-25T09:59:15Z|p-003|100",
                "2026-11-25T09:59:20Z|p-002|40", "2026-11-25T09:59:40Z|p-002|42", "2026-11-25T09:59:50Z|p-002|51");
        assertThat(run(target("Per-patient statistics"), selected).rendered()).containsExactly("p-002|60|64|62|2",
                "p-003|90|100|95|2");
        assertThat(run(target("Clinical alarms"), selected).column("kind")).containsExactly("sustained_bradycardia",
                "device_silent", "sustained_tachycardia");
    }

    @Test
    void patientNamesAreQuotedAsSqlLiterals() {
        Map<String, TemplateVariable> selected = Map.of("patient", patient(List.of("p-001", "x' OR 'a' = 'a")));

        assertThat(run(target("Per-patient statistics"), selected).rendered()).containsExactly("p-001|72|80|76|3");
    }

    @Test
    void noPatientSelectableMeansNoRowsNotAnError() {
        // "All" over an empty option list renders as nothing: ARRAY[]::text[] stays valid SQL
        Map<String, TemplateVariable> none = Map.of("patient", patient(List.of()));

        assertThat(run(target("Live heart rate per patient"), none).rows()).isEmpty();
        assertThat(run(target("Per-patient statistics"), none).rows()).isEmpty();
    }

    @Test
    void timeSeriesBucketsFollowTheInterval() {
        DashboardTarget alerts = target("Alerts over time");
        String sql = GrafanaSql.interpolate(alerts.query(), FROM, NOW, Duration.ofMinutes(1), Map.of());

        assertThat(QueryResult.run(reader, sql).rendered()).containsExactly("2026-11-25T09:48:00Z|system_anomaly|1",
                "2026-11-25T09:56:00Z|system_anomaly|1", "2026-11-25T09:58:00Z|data_corruption|1",
                "2026-11-25T09:59:00Z|data_corruption|1", "2026-11-25T09:59:00Z|physiological_anomaly|6");
    }

    @Test
    void panelsHonourTheTimePicker() {
        // an hour earlier: only the readings of an hour ago, by p-001, p-002 and p-005; the patients with an alarm
        // still going on now (p-001 to p-004, p-006) and p-005, whose alarm was resolved at 09:03
        Instant from = NOW.minus(Duration.ofMinutes(75));
        Instant to = NOW.minus(Duration.ofMinutes(45));
        String total = GrafanaSql.interpolate(target("Total heartbeats").query(), from, to, Duration.ofSeconds(5),
                Map.of());
        String patients = GrafanaSql.interpolate(target("$patient").query(), from, to, Duration.ofSeconds(5),
                Map.of());

        assertThat(QueryResult.run(reader, total).rendered()).containsExactly("3");
        assertThat(QueryResult.run(reader, patients).rendered()).containsExactly("p-001", "p-002", "p-003", "p-004",
                "p-005", "p-006");
    }

    private static QueryResult run(DashboardTarget target, Map<String, TemplateVariable> variables) {
        Duration interval = target.minInterval().isEmpty() ? Duration.ofSeconds(1)
                : PostgresMacros.parseInterval(target.minInterval());
        return QueryResult.run(reader, GrafanaSql.interpolate(target.query(), FROM, NOW, interval, variables));
    }

    private static TemplateVariable patient(List<String> values) {
        JsonNode variable = GrafanaProvisioning.dashboard("heartbeat-monitoring").at("/templating/list/0");
        return new TemplateVariable(variable.path("name").asString(), variable.path("multi").asBoolean(),
                variable.path("includeAll").asBoolean(), values);
    }

    private static List<DashboardTarget> sqlTargets() {
        return GrafanaProvisioning.dashboards().stream()
            .flatMap((dashboard) -> DashboardTarget.of(dashboard).stream())
            .filter(DashboardTarget::isSql)
            .toList();
    }

    private static DashboardTarget target(String panel) {
        return sqlTargets().stream()
            .filter((target) -> target.dashboard().equals(MONITORING) && target.panel().equals(panel))
            .findFirst()
            .orElseThrow();
    }

    private static void expect(String target, List<String> columns, List<String> rows) {
        EXPECTED.put(MONITORING + " / " + target, new Expected(columns, rows));
    }

    private record Expected(List<String> columns, List<String> rows) {
    }
}
