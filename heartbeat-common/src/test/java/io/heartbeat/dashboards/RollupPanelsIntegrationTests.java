package io.heartbeat.dashboards;

import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
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
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's rollup-backed queries (docs/dashboards.md#rollup) at the ranges where they read the rollup (the
 * totals and 'Live heart rate per patient' from 15 minutes on, the other time series from 6 h on), run as Grafana
 * sends them, against the same query forced
 * onto raw rows: on {@link SyntheticHistory}'s exact data plus a few late
 * readings, once {@code heartbeat_minutes} is built, every answer is the same, to the last digit of every average.
 */
class RollupPanelsIntegrationTests {

    static final String MONITORING = "Heartbeat Monitoring";

    /**
     * The queries with a rollup branch. 'Alerts over time' and 'Top 10 patients with anomalies' count alerts through
     * their readings' statuses: every non-valid reading has exactly one alert, at its time. The other alert panels
     * read heartbeat_alerts only.
     */
    static final List<String> ROLLUP_BACKED = List.of("$patient", "Total heartbeats", "Overall health by status",
            "Anomalies by type", "Heartbeat trends", "Alerts over time", "Live heart rate per patient",
            "Top 10 patients with anomalies", "Per-patient statistics");

    private static final Instant END = Instant.parse("2026-11-25T10:00:00Z");

    private static final int PATIENTS = 5;

    private static final int HOURS = 7;

    /** The thresholds in the panels' SQL (time series, totals); the oracle raises them so raw rows answer alone. */
    private static final List<String> SWITCHES = List.of("interval '6 hours'", "interval '15 minutes'");

    /**
     * Readings stored after the rebuild with times hours old, each non-valid one with its alert as the consumer
     * writes it: in a minute the rollup already holds (07:00), and in the part-minute before the 6 h range's start
     * that the range with part-minutes reads raw and the 24 h range reads rolled up (03:59). Uneven per status in
     * each minute: the synthetic mix has as many system as corrupted readings in every minute, which alone would
     * not tell the two alert categories apart.
     */
    private static final String LATE_READINGS = """
            WITH late AS (
                INSERT INTO heartbeats (event_id, timestamp, patient_id, heartbeat_value, validation_status,
                                        anomaly_type)
                VALUES ('00000000-0000-4000-8000-000000000001', '2026-11-25T07:00:20.5Z', 'patient-0001', 150,
                        'invalid_physiological', 'high_bpm'),
                       ('00000000-0000-4000-8000-000000000002', '2026-11-25T07:00:21Z', 'patient-0002', NULL,
                        'invalid_system', 'null_value'),
                       ('00000000-0000-4000-8000-000000000003', '2026-11-25T07:00:59.999Z', 'patient-0003', 400,
                        'invalid_system', 'overflow_value'),
                       ('00000000-0000-4000-8000-000000000004', '2026-11-25T07:00:30Z', 'patient-0004', 71,
                        'valid', NULL),
                       ('00000000-0000-4000-8000-000000000005', '2026-11-25T03:59:30Z', 'patient-0005', 35,
                        'invalid_physiological', 'low_bpm'),
                       ('00000000-0000-4000-8000-000000000006', '2026-11-25T03:59:40Z', 'patient-0004', NULL,
                        'corrupted', 'missing_field')
                RETURNING id, timestamp, patient_id, heartbeat_value, validation_status)
            INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id, heartbeat_value, alert_category)
            SELECT id, timestamp, patient_id, heartbeat_value,
                   CASE validation_status WHEN 'invalid_physiological' THEN 'physiological_anomaly'
                                          WHEN 'invalid_system' THEN 'system_anomaly'
                                          ELSE 'data_corruption' END
            FROM late
            WHERE validation_status <> 'valid'
            """;

    /** The first of the seven hours, which only the 24 h range reads whole. */
    private static final String NO_CORRUPTED_HOUR = """
            DELETE FROM heartbeats
            WHERE validation_status = 'corrupted'
              AND timestamp >= '2026-11-25T03:00:00Z' AND timestamp < '2026-11-25T04:00:00Z'
            """;

    private static DataSource ownerLogin;

    private static DataSource reader;

    private static long refreshed;

    private static long refreshedLate;

    @BeforeAll
    static void loadAndRollUp() {
        TestPostgres.Database database = TestPostgres.freshDatabase().migrate();
        SyntheticHistory.load(database.dataSource(), PATIENTS, HOURS, END, (hour) -> { });
        JdbcTemplate owner = new JdbcTemplate(database.dataSource());
        // an hour without corrupted records (their alerts go with them): a category some buckets have none of
        assertThat(owner.update(NO_CORRUPTED_HOUR)).isEqualTo(PATIENTS * 60 * 3);
        refreshed = owner.queryForObject("SELECT heartbeat_minutes_refresh('-infinity', 'infinity')", Long.class);
        // the late rows are stored now, long after the history's created_at, and found by the job's next run
        OffsetDateTime stored = owner.queryForObject("SELECT now()", OffsetDateTime.class);
        assertThat(owner.update(LATE_READINGS)).isEqualTo(5);
        refreshedLate = owner.queryForObject("SELECT heartbeat_minutes_refresh(?, 'infinity')", Long.class, stored);
        ownerLogin = database.dataSource();
        reader = GrafanaReader.dataSource(database);
    }

    @Test
    void theRebuildWritesOneRowPerPatientAndMinute() {
        // the five patients and 'unknown' (malformed records) every minute of the seven hours, but 'unknown' in the
        // hour without corrupted records
        assertThat(refreshed).isEqualTo((PATIENTS + 1) * HOURS * 60L - 60);
        // the late readings' six minutes: four patients' at 07:00 and two patients' at 03:59
        assertThat(refreshedLate).isEqualTo(6);
    }

    @TestFactory
    Stream<DynamicTest> rollupAnswersEqualRawAnswers() {
        // the last 15 minutes, and 15 and a half minutes of part-minutes around the late readings of 07:00
        List<Range> ranges = List.of(new Range(END.minus(Duration.ofMinutes(15)), END),
                new Range(Instant.parse("2026-11-25T06:50:17.5Z"), Instant.parse("2026-11-25T07:05:47.25Z")),
                new Range(END.minus(Duration.ofHours(6)), END),
                new Range(END.minus(Duration.ofHours(6)).minusMillis(45_500), END.minusMillis(12_250)),
                new Range(END.minus(Duration.ofHours(24)), END),
                // 5-minute points whose last 5 minutes end in the part-minute edge around the late readings of 07:00
                new Range(Instant.parse("2026-11-24T07:03:17.5Z"), Instant.parse("2026-11-25T07:03:17.5Z")),
                // 10-minute points (a panel's min interval) with part 5 minutes at both ends, the late 03:59 in one
                new Range(Instant.parse("2026-11-25T03:57:40Z"), Instant.parse("2026-11-25T07:06:40Z"),
                        Duration.ofMinutes(10)));
        List<DynamicTest> tests = new ArrayList<>();
        for (Range range : ranges) {
            for (DashboardTarget target : rollupBacked()) {
                // a panel without the patient variable answers for all patients only
                List<String> choices = target.query().contains("$patient") ? List.of("all", "one") : List.of("all");
                for (String patients : choices) {
                    tests.add(DynamicTest.dynamicTest(target.panel() + " " + range + " " + patients,
                            () -> compare(target, range, patients)));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void totalsReadTheRollupFromFifteenMinutesOnAndRawRowsOnlyBelow() {
        DashboardTarget total = target("Total heartbeats");

        String six = explain(sql(total, new Range(END.minus(Duration.ofHours(6)), END), Map.of()));
        String fifteen = explain(sql(total, new Range(END.minus(Duration.ofMinutes(15)), END), Map.of()));
        String fourteen = explain(sql(total, new Range(END.minus(Duration.ofMinutes(14)), END), Map.of()));

        // 6 h: the rollup's 359 whole minutes up to 09:58 for six patients, and raw rows from 09:59 on only, found
        // as such in the index rather than by reading the range's and throwing the rolled-up minutes' away
        assertThat(scanOf(six, "heartbeat_minutes")).as(six).contains("actual rows=2154 ");
        assertThat(scanOf(six, "heartbeats")).as(six).contains("actual rows=300 ");
        assertThat(scanBlock(six, "heartbeats")).as(six).doesNotContain("Rows Removed");
        // 15 min: the 14 whole minutes 09:45 to 09:58 rolled up, the last minute raw
        assertThat(scanOf(fifteen, "heartbeat_minutes")).as(fifteen).contains("actual rows=84 ");
        assertThat(scanOf(fifteen, "heartbeats")).as(fifteen).contains("actual rows=300 ");
        assertThat(scanBlock(fifteen, "heartbeats")).as(fifteen).doesNotContain("Rows Removed");
        // 14 min: the planner folds the range test to false and drops the rollup branch before it runs
        assertThat(fourteen).doesNotContain(" on heartbeat_minutes").contains("One-Time Filter: false");
        assertThat(scanOf(fourteen, "heartbeats")).as(fourteen).contains("actual rows=4200 ");
    }

    @Test
    void timeSeriesReadTheRollupFromSixHoursOn() {
        DashboardTarget trends = target("Heartbeat trends");

        String six = explain(sql(trends, new Range(END.minus(Duration.ofHours(6)), END), Map.of()));
        String fifteen = explain(sql(trends, new Range(END.minus(Duration.ofMinutes(15)), END), Map.of()));

        // their buckets are a minute from 6 h on (360 points); below, less than a minute, which only raw rows give
        assertThat(scanOf(six, "heartbeat_minutes")).as(six).contains("actual rows=");
        assertThat(fifteen).doesNotContain(" on heartbeat_minutes").contains("One-Time Filter: false");
    }

    @Test
    void liveHeartRateReadsTheRollupsSlotsFromFifteenMinutesOn() {
        DashboardTarget live = target("Live heart rate per patient");
        Range fifteen = new Range(END.minus(Duration.ofMinutes(15)), END);
        Range fourteen = new Range(END.minus(Duration.ofMinutes(14)), END);

        String fifteenPlan = explain(sql(live, fifteen, variables(fifteen, "all")));
        String fourteenPlan = explain(sql(live, fourteen, variables(fourteen, "all")));

        // 15 min: the five patients' 14 whole minutes 09:45 to 09:58, 12 points each from their slots; the last
        // minute raw, its valid and physiological readings only
        assertThat(scanOf(fifteenPlan, "heartbeat_minutes")).as(fifteenPlan).contains("actual rows=70 ");
        assertThat(scanOf(fifteenPlan, "heartbeats")).as(fifteenPlan).contains("actual rows=270 ");
        assertThat(fourteenPlan).doesNotContain(" on heartbeat_minutes").contains("One-Time Filter: false");
    }

    @Test
    void liveHeartRateReadsOneRowPerFiveMinutesWhereItsPointsAreFiveMinutesApart() {
        DashboardTarget live = target("Live heart rate per patient");
        Range day = new Range(END.minus(Duration.ofHours(24)), END);

        String plan = explain(sql(live, day, variables(day, "all")));

        // 5-minute points: the five patients' 5 minutes from 03:00 to 09:50, one row each; then their minutes 09:55
        // to 09:58, and the last minute raw
        assertThat(scanOf(plan, "heartbeat_five_minutes")).as(plan).contains("actual rows=415 ");
        assertThat(scanOf(plan, "heartbeat_minutes")).as(plan).contains("actual rows=20 ");
        assertThat(scanOf(plan, "heartbeats")).as(plan).contains("actual rows=270 ");
    }

    /**
     * A minute rolled up before V9 has no slots until the job or a rebuild recomputes it: over 15 minutes it shows as
     * one point at its start, the minute's average, rather than as a gap.
     */
    @Test
    void aMinuteRolledUpBeforeItsSlotsShowsAsOnePointAtItsStart() throws Exception {
        DashboardTarget live = target("Live heart rate per patient");
        Range range = new Range(END.minus(Duration.ofMinutes(15)), END);
        String minute = "2026-11-25T09:50:00Z";
        String minuteAverage = """
                SELECT (sum(heartbeat_value) / count(heartbeat_value))::text FROM heartbeats
                WHERE patient_id = 'patient-0002' AND validation_status IN ('valid', 'invalid_physiological')
                  AND timestamp >= ?::timestamptz AND timestamp < ?::timestamptz + interval '1 minute'
                """;
        try (Connection connection = ownerLogin.getConnection()) {
            connection.setAutoCommit(false);
            JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            assertThat(jdbc.update("UPDATE heartbeat_minutes SET rate_slots = NULL, rate_slot_sums = NULL,"
                    + " rate_slot_values = NULL WHERE patient_id = 'patient-0002' AND minute = ?::timestamptz",
                    minute)).isEqualTo(1);
            String average = jdbc.queryForObject(minuteAverage, String.class, minute, minute);

            List<String> points = QueryResult.run(jdbc.getDataSource(), sql(live, range, variables(range, "all")))
                .rendered()
                .stream()
                .filter((row) -> row.startsWith("2026-11-25T09:50:") && row.contains("|patient-0002|"))
                .toList();

            assertThat(points).containsExactly(minute + "|patient-0002|"
                    + new BigDecimal(average).stripTrailingZeros().toPlainString());
            connection.rollback();
        }
    }

    private static void compare(DashboardTarget target, Range range, String patients) {
        Map<String, TemplateVariable> variables = variables(range, patients);
        String rollup = sql(target, range, variables);
        String raw = rollup;
        for (String threshold : SWITCHES) {
            raw = raw.replace(threshold, "interval '100000 hours'");
        }
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
        Duration minInterval = PanelQueries.interval(target);
        Duration interval = GrafanaInterval.of(range.length(), target.dataPoints(ScaleQueries.MAX_DATA_POINTS),
                (range.minInterval().compareTo(minInterval) > 0) ? range.minInterval() : minInterval);
        return GrafanaSql.interpolate(target.query(), range.from(), range.to(), interval, variables);
    }

    // Row counts as PostgreSQL 17 and older print them: 18 adds two decimals (actual rows=300.00).
    private static String explain(String sql) {
        return String.join("\n", new JdbcTemplate(reader)
            .queryForList("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql, String.class))
            .replaceAll("actual rows=(\\d+)\\.00 ", "actual rows=$1 ");
    }

    /** The plan's line that reads {@code table}, or its one day partition ({@code heartbeats_p20261125}). */
    private static String scanOf(String plan, String table) {
        Pattern scan = Pattern.compile(" on " + table + "(_p\\d{8})? ");
        return plan.lines()
            .filter((line) -> scan.matcher(line).find())
            .findFirst()
            .orElseThrow(() -> new AssertionError("No scan of " + table + " in:\n" + plan));
    }

    /** The plan's node that reads {@code table}, with the nodes under it and their details. */
    private static String scanBlock(String plan, String table) {
        List<String> lines = plan.lines().toList();
        String scan = scanOf(plan, table);
        int start = lines.indexOf(scan);
        int depth = indent(scan);
        int end = start + 1;
        while (end < lines.size() && indent(lines.get(end)) > depth) {
            end++;
        }
        return String.join("\n", lines.subList(start, end));
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
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

    /** A dashboard time range, and a min interval a user may give a panel, or zero for the panel's own. */
    record Range(Instant from, Instant to, Duration minInterval) {

        Range(Instant from, Instant to) {
            this(from, to, Duration.ZERO);
        }

        Duration length() {
            return Duration.between(this.from, this.to);
        }

        @Override
        public String toString() {
            return this.from + ".." + this.to + (this.minInterval.isZero() ? "" : " every " + this.minInterval);
        }
    }
}
