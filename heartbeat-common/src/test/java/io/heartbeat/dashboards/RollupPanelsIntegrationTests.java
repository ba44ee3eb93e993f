package io.heartbeat.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's rollup-backed queries (docs/dashboards.md#rollup) at ranges of 6 h and more, run as Grafana sends
 * them, against the same query forced onto raw rows: on {@link SyntheticHistory}'s exact data, once
 * {@code heartbeat_minutes} is built, every answer is the same, to the last digit of every average.
 */
class RollupPanelsIntegrationTests {

    static final String MONITORING = "Heartbeat Monitoring";

    /** The queries with a rollup branch: every other one reads heartbeat_alerts, a fifth of the rows. */
    static final List<String> ROLLUP_BACKED = List.of("$patient", "Total heartbeats", "Overall health by status",
            "Anomalies by type", "Heartbeat trends", "Live heart rate per patient", "Per-patient statistics");

    private static final Instant END = Instant.parse("2026-11-25T10:00:00Z");

    private static final int PATIENTS = 5;

    private static final int HOURS = 7;

    /** The threshold in the panels' SQL; the oracle raises it so the raw-row branch answers alone. */
    private static final String SWITCH = "interval '6 hours'";

    private static DataSource reader;

    private static long refreshed;

    @BeforeAll
    static void loadAndRollUp() {
        TestPostgres.Database database = TestPostgres.freshDatabase().migrate();
        SyntheticHistory.load(database.dataSource(), PATIENTS, HOURS, END, (hour) -> { });
        refreshed = new JdbcTemplate(database.dataSource())
            .queryForObject("SELECT heartbeat_minutes_refresh('-infinity', 'infinity')", Long.class);
        reader = GrafanaReader.dataSource(database);
    }

    @Test
    void theRebuildWritesOneRowPerPatientAndMinute() {
        // the five patients and 'unknown' (malformed records) every minute of the seven hours
        assertThat(refreshed).isEqualTo((PATIENTS + 1) * HOURS * 60L);
    }

    @TestFactory
    Stream<DynamicTest> rollupAnswersEqualRawAnswersFromSixHoursOn() {
        List<Range> ranges = List.of(new Range(END.minus(Duration.ofHours(6)), END),
                new Range(END.minus(Duration.ofHours(6)).minusMillis(45_500), END.minusMillis(12_250)),
                new Range(END.minus(Duration.ofHours(24)), END));
        List<DynamicTest> tests = new ArrayList<>();
        for (Range range : ranges) {
            for (DashboardTarget target : rollupBacked()) {
                for (String patients : List.of("all", "one")) {
                    tests.add(DynamicTest.dynamicTest(target.panel() + " " + range + " " + patients,
                            () -> compare(target, range, patients)));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void theRollupBranchRunsFromSixHoursOnAndTheRawBranchOnlyBelow() {
        DashboardTarget total = target("Total heartbeats");

        String six = explain(sql(total, new Range(END.minus(Duration.ofHours(6)), END), Map.of()));
        String fifteen = explain(sql(total, new Range(END.minus(Duration.ofMinutes(15)), END), Map.of()));

        // 6 h: the rollup's 359 whole minutes up to 09:58 for six patients, and raw rows from 09:59 on only
        assertThat(scanOf(six, "heartbeat_minutes")).as(six).contains("actual rows=2154 ");
        assertThat(scanOf(six, "heartbeats")).as(six).contains("actual rows=300 ");
        // 15 min: the planner folds the range test to false and drops the rollup branch before it runs
        assertThat(fifteen).doesNotContain(" on heartbeat_minutes").contains("One-Time Filter: false");
        assertThat(scanOf(fifteen, "heartbeats")).as(fifteen).contains("actual rows=4500 ");
    }

    private static void compare(DashboardTarget target, Range range, String patients) {
        Map<String, TemplateVariable> variables = variables(range, patients);
        String rollup = sql(target, range, variables);
        String raw = rollup.replace(SWITCH, "interval '100000 hours'");
        assertThat(raw).isNotEqualTo(rollup);

        QueryResult expected = QueryResult.run(reader, raw);
        QueryResult actual = QueryResult.run(reader, rollup);

        assertThat(expected.rows()).isNotEmpty();
        assertThat(actual.columns()).containsExactlyElementsOf(expected.columns());
        assertThat(actual.rendered()).containsExactlyElementsOf(expected.rendered());
    }

    /** The patient variable as Grafana resolves "All" over the range, or its first option alone. */
    private static Map<String, TemplateVariable> variables(Range range, String patients) {
        JsonNode variable = GrafanaProvisioning.dashboard("heartbeat-monitoring").at("/templating/list/0");
        List<String> options = QueryResult.run(reader, sql(target("$patient"), range, Map.of())).column("patient_id");
        assertThat(options).hasSize(PATIENTS);
        List<String> values = patients.equals("all") ? options : options.subList(0, 1);
        return Map.of("patient", new TemplateVariable("patient", variable.path("multi").asBoolean(),
                variable.path("includeAll").asBoolean(), values));
    }

    static String sql(DashboardTarget target, Range range, Map<String, TemplateVariable> variables) {
        Duration interval = GrafanaInterval.of(range.length(), target.dataPoints(ScaleQueries.MAX_DATA_POINTS),
                PanelQueries.interval(target));
        return GrafanaSql.interpolate(target.query(), range.from(), range.to(), interval, variables);
    }

    private static String explain(String sql) {
        return String.join("\n", new JdbcTemplate(reader)
            .queryForList("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql, String.class));
    }

    /** The plan's line that reads {@code table}, or its one day partition ({@code heartbeats_p20261125}). */
    private static String scanOf(String plan, String table) {
        Pattern scan = Pattern.compile(" on " + table + "(_p\\d{8})? ");
        return plan.lines()
            .filter((line) -> scan.matcher(line).find())
            .findFirst()
            .orElseThrow(() -> new AssertionError("No scan of " + table + " in:\n" + plan));
    }

    static List<DashboardTarget> rollupBacked() {
        return ROLLUP_BACKED.stream().map(RollupPanelsIntegrationTests::target).toList();
    }

    static DashboardTarget target(String panel) {
        return DashboardTarget.of(GrafanaProvisioning.dashboard("heartbeat-monitoring")).stream()
            .filter((target) -> target.panel().equals(panel))
            .findFirst()
            .orElseThrow();
    }

    /** A dashboard time range. */
    record Range(Instant from, Instant to) {

        Duration length() {
            return Duration.between(this.from, this.to);
        }

        @Override
        public String toString() {
            return this.from + ".." + this.to;
        }
    }
}
