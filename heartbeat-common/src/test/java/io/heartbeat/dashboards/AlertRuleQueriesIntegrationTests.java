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

import static io.heartbeat.dashboards.SeededHeartbeats.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evaluates every PostgreSQL alert rule as Grafana would at {@link SeededHeartbeats#NOW}: the query's macros
 * expanded for its relative time range, run as grafana_reader, each row an alert instance, then the rule's reduce
 * and threshold. Asserts the exact rows and which instances fire. The alarms are {@link SeededAlarms}'.
 */
class AlertRuleQueriesIntegrationTests {

    private static final Map<String, Expected> AT_NOW = new LinkedHashMap<>();

    static {
        // p-001's three high readings and p-002's two low ones are too few to be sustained
        AT_NOW.put("heartbeat-sustained-rhythm", new Expected(List.of("patient_id", "rhythm", "out_of_range_percent"),
                List.of("p-001|bradycardia|0", "p-001|tachycardia|0", "p-002|bradycardia|0", "p-002|tachycardia|0",
                        "p-003|bradycardia|0", "p-003|tachycardia|0"),
                List.of()));
        // seconds behind p-001's reading 5 s ago, the newest of all
        AT_NOW.put("heartbeat-device-silent", new Expected(List.of("patient_id", "seconds_silent"),
                List.of("p-001|0", "p-002|2", "p-003|40"), List.of(Map.of("patient_id", "p-003"))));
        // every unresolved alarm, seconds since its episode started; not the three resolved ones
        AT_NOW.put("heartbeat-open-alarm", new Expected(List.of("patient_id", "kind", "seconds_since_start"),
                List.of("p-001|sustained_tachycardia|25", "p-002|sustained_bradycardia|40", "p-003|device_silent|45",
                        "p-004|device_silent|660", "p-006|device_silent|7200"),
                List.of(Map.of("patient_id", "p-001", "kind", "sustained_tachycardia"),
                        Map.of("patient_id", "p-002", "kind", "sustained_bradycardia"),
                        Map.of("patient_id", "p-003", "kind", "device_silent"),
                        Map.of("patient_id", "p-004", "kind", "device_silent"),
                        Map.of("patient_id", "p-006", "kind", "device_silent"))));
        AT_NOW.put("heartbeat-corrupted-rate", new Expected(List.of("corrupted_percent"), List.of("15.38"),
                List.of(Map.of())));
        AT_NOW.put("heartbeat-no-events-stored", new Expected(List.of("stored"), List.of("9"), List.of()));
    }

    private static DataSource reader;

    private static DataSource sustainedRhythmsReader;

    @BeforeAll
    static void seed() {
        TestPostgres.Database database = TestPostgres.freshDatabase().migrate();
        SeededHeartbeats.insertInto(database.dataSource());
        SeededAlarms.insertInto(database.dataSource());
        reader = GrafanaReader.dataSource(database);
        TestPostgres.Database sustained = TestPostgres.freshDatabase().migrate();
        SeededHeartbeats.insertSustainedRhythmsInto(sustained.dataSource());
        sustainedRhythmsReader = GrafanaReader.dataSource(sustained);
    }

    @TestFactory
    Stream<DynamicTest> everySqlRuleFiresForExactlyTheExpectedInstances() {
        List<AlertRule> sqlRules = sqlRules();
        assertThat(sqlRules).extracting(AlertRule::uid).containsExactlyInAnyOrderElementsOf(AT_NOW.keySet());
        return sqlRules.stream().map((rule) -> DynamicTest.dynamicTest(rule.title(), () -> {
            Expected expected = AT_NOW.get(rule.uid());
            QueryResult result = query(rule, NOW);

            assertThat(result.columns()).containsExactlyElementsOf(expected.columns());
            assertThat(result.rendered()).containsExactlyElementsOf(expected.rows());
            assertThat(AlertEvaluation.firing(rule, result)).containsExactlyElementsOf(expected.firing());
        }));
    }

    @Test
    void anHourLaterOnlyNoEventsStoredAndTheAlarmsStillUnresolvedFire() {
        Instant later = NOW.plus(Duration.ofHours(1));

        assertThat(AlertEvaluation.firing(rule("heartbeat-no-events-stored"), query(rule("heartbeat-no-events-stored"),
                later))).containsExactly(Map.of());
        assertThat(AlertEvaluation.evaluate(rule("heartbeat-corrupted-rate"), query(rule("heartbeat-corrupted-rate"),
                later))).containsExactly(Map.entry(Map.of(), false));
        // no patient reported in the last 10 minutes: no instances, NoData, which these rules treat as OK
        for (String uid : List.of("heartbeat-sustained-rhythm", "heartbeat-device-silent")) {
            assertThat(query(rule(uid), later).rows()).as(uid).isEmpty();
            assertThat(rule(uid).noDataState()).as(uid).isEqualTo("OK");
        }
        // an alarm fires until it is resolved, however long ago its episode started
        assertThat(query(rule("heartbeat-open-alarm"), later).rendered()).containsExactly(
                "p-001|sustained_tachycardia|3625", "p-002|sustained_bradycardia|3640", "p-003|device_silent|3645",
                "p-004|device_silent|4260", "p-006|device_silent|10800");
        assertThat(AlertEvaluation.firing(rule("heartbeat-open-alarm"), query(rule("heartbeat-open-alarm"), later)))
            .hasSize(5);
    }

    @Test
    void moreThanHalfOfTheHeartRateReadingsOutOfRangeFireAndFewerOrTooFewDoNot() {
        AlertRule rule = rule("heartbeat-sustained-rhythm");
        QueryResult result = QueryResult.run(sustainedRhythmsReader, rule.sqlAt(NOW));

        // p-101 8 of 12; p-102 5 of 11; p-103 5 of 5, its null values carry no heart rate; p-104 under 5 readings
        assertThat(result.rendered()).containsExactly("p-101|bradycardia|0", "p-101|tachycardia|66.7",
                "p-102|bradycardia|45.5", "p-102|tachycardia|0", "p-103|bradycardia|0", "p-103|tachycardia|100",
                "p-104|bradycardia|0", "p-104|tachycardia|0");
        assertThat(AlertEvaluation.firing(rule, result)).containsExactly(
                Map.of("patient_id", "p-101", "rhythm", "tachycardia"),
                Map.of("patient_id", "p-103", "rhythm", "tachycardia"));
    }

    @Test
    void aDeviceSilentForUnderThirtySecondsDoesNotFire() {
        // twenty seconds earlier p-003 was 25 s behind p-002, the newest then
        Instant earlier = NOW.minusSeconds(20);

        assertThat(query(rule("heartbeat-device-silent"), earlier).rendered()).containsExactly("p-001|5", "p-002|0",
                "p-003|25");
        assertThat(AlertEvaluation.firing(rule("heartbeat-device-silent"), query(rule("heartbeat-device-silent"),
                earlier))).isEmpty();
    }

    private static QueryResult query(AlertRule rule, Instant evaluatedAt) {
        return QueryResult.run(reader, rule.sqlAt(evaluatedAt));
    }

    private static AlertRule rule(String uid) {
        return AlertRule.withUid(uid);
    }

    private static List<AlertRule> sqlRules() {
        return AlertRule.sql();
    }

    private record Expected(List<String> columns, List<String> rows, List<Map<String, String>> firing) {
    }
}
