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
 * and threshold. Asserts the exact rows and which instances fire.
 */
class AlertRuleQueriesIntegrationTests {

    private static final Map<String, Expected> AT_NOW = new LinkedHashMap<>();

    static {
        AT_NOW.put("heartbeat-sustained-rhythm", new Expected(List.of("patient_id", "rhythm", "violations"),
                List.of("p-001|bradycardia|0", "p-001|tachycardia|3", "p-002|bradycardia|2", "p-002|tachycardia|0",
                        "p-003|bradycardia|0", "p-003|tachycardia|0"),
                List.of(Map.of("patient_id", "p-001", "rhythm", "tachycardia"))));
        AT_NOW.put("heartbeat-device-silent", new Expected(List.of("patient_id", "seconds_silent"),
                List.of("p-001|5", "p-002|7", "p-003|45"), List.of(Map.of("patient_id", "p-003"))));
        AT_NOW.put("heartbeat-corrupted-rate", new Expected(List.of("corrupted_percent"), List.of("15.38"),
                List.of(Map.of())));
        AT_NOW.put("heartbeat-no-events-stored", new Expected(List.of("stored"), List.of("9"), List.of()));
    }

    private static DataSource reader;

    @BeforeAll
    static void seed() {
        TestPostgres.Database database = TestPostgres.freshDatabase().migrate();
        SeededHeartbeats.insertInto(database.dataSource());
        reader = GrafanaReader.dataSource(database);
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
    void anHourLaterOnlyNoEventsStoredFires() {
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
    }

    @Test
    void twoOutOfRangeReadingsWithinThirtySecondsDoNotFire() {
        // p-002's third low reading is 40 s old: outside the window, so bradycardia is not sustained
        QueryResult result = query(rule("heartbeat-sustained-rhythm"), NOW);

        assertThat(AlertEvaluation.evaluate(rule("heartbeat-sustained-rhythm"), result))
            .containsEntry(Map.of("patient_id", "p-002", "rhythm", "bradycardia"), false);
    }

    @Test
    void aDeviceSilentForUnderThirtySecondsDoesNotFire() {
        // twenty seconds earlier p-003 had been silent for 25 s only
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
