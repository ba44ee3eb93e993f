package io.heartbeat.dashboards;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole compose stack, running, as a user with Docker gets it: Grafana healthy, both dashboards loaded, every
 * alert rule evaluated at least twice without an error, every dashboard query answering through Grafana's query API
 * (with rows, but the clinical alarms, which need an episode), and Prometheus scraping both services.
 * <p>
 * Not a {@code *Tests} class on purpose: only {@code ./mvnw -Pcompose-check -pl heartbeat-common verify} runs it
 * (heartbeat-common/pom.xml). Without a Docker engine it fails in {@link ComposeStack#start()} with one line.
 */
class ComposeStackCheck {

    /** Readings keep arriving; a rate() panel needs two scrapes inside $__rate_interval first. */
    private static final Duration DATA_WITHIN = Duration.ofMinutes(2);

    private static final Duration POLL = Duration.ofSeconds(2);

    /**
     * Queries that answer without rows on a healthy stack: compose's producer injects no episodes by default
     * (EPISODES_*_PER_HOUR=0), so the consumer may open no alarm. They must still answer without an error.
     */
    private static final Set<String> MAY_BE_EMPTY = Set.of("Heartbeat Monitoring / Clinical alarms / A");

    private static ComposeStack stack;

    private static HttpJson grafana;

    @BeforeAll
    static void startStack() {
        stack = ComposeStack.start();
        grafana = stack.grafana();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void grafanaAnswersHealthy() {
        JsonNode health = grafana.get("/api/health");

        assertThat(health.path("database").asString()).isEqualTo("ok");
        assertThat(health.path("version").asString()).isEqualTo(ComposeStack.imageTag("grafana"));
    }

    @Test
    void bothDashboardsAreLoaded() {
        List<String> uids = GrafanaProvisioning.dashboards().stream().map((file) -> file.path("uid").asString())
            .toList();

        assertThat(grafana.get("/api/search?type=dash-db").valueStream().map((hit) -> hit.path("uid").asString()))
            .containsExactlyInAnyOrderElementsOf(uids);
        for (String uid : uids) {
            JsonNode file = GrafanaProvisioning.dashboard(uid);
            JsonNode loaded = grafana.get("/api/dashboards/uid/" + uid);
            assertThat(loaded.at("/meta/provisioned").asBoolean()).as(uid).isTrue();
            assertThat(loaded.at("/dashboard/title").asString()).as(uid).isEqualTo(file.path("title").asString());
            assertThat(loaded.at("/dashboard/panels").size()).as(uid).isEqualTo(file.path("panels").size());
        }
    }

    @Test
    void everyAlertRuleEvaluatesTwiceWithoutAnError() {
        List<AlertRule> rules = AlertRule.provisioned();
        List<String> titles = rules.stream().map(AlertRule::title).toList();
        Duration longest = rules.stream().map(AlertRule::interval).max(Duration::compareTo).orElseThrow();
        RuleEvaluations evaluations = new RuleEvaluations();

        // the first evaluation comes within one interval of provisioning, the second one interval later
        await().atMost(longest.multipliedBy(3).plus(DATA_WITHIN)).pollInterval(POLL).untilAsserted(() -> {
            evaluations.record(grafana.get("/api/prometheus/grafana/api/v1/rules"));
            assertThat(evaluations.evaluatedFewerThan(2, titles)).as("evaluations seen: " + evaluations.counts())
                .isEmpty();
        });
        assertThat(evaluations.counts().keySet()).containsExactlyInAnyOrderElementsOf(titles);
        assertThat(evaluations.errors()).isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everyDashboardQueryReturnsRowsThroughGrafana() {
        List<DynamicTest> checks = new ArrayList<>();
        for (JsonNode dashboard : GrafanaProvisioning.dashboards()) {
            Map<String, TemplateVariable> variables = allValuesOfEachVariable(dashboard);
            for (DashboardTarget target : DashboardTarget.of(dashboard)) {
                checks.add(DynamicTest.dynamicTest(target.name(), () -> awaitAnswer(dashboard, target, variables,
                        !MAY_BE_EMPTY.contains(target.name()))));
            }
        }
        assertThat(checks).hasSize(25);
        return checks.stream();
    }

    @Test
    void prometheusReportsBothTargetsUp() {
        HttpJson prometheus = stack.prometheus();

        await().atMost(DATA_WITHIN).pollInterval(POLL).untilAsserted(() -> assertThat(
                PrometheusTargets.healthByJob(prometheus.get("/api/v1/targets")))
            .containsExactlyInAnyOrderEntriesOf(Map.of("consumer", "up", "producer", "up")));
    }

    /** Each query variable with every value its query returns now (its first column): what "All" selects. */
    private static Map<String, TemplateVariable> allValuesOfEachVariable(JsonNode dashboard) {
        Map<String, TemplateVariable> variables = new LinkedHashMap<>();
        for (JsonNode variable : dashboard.at("/templating/list").values()) {
            String name = variable.path("name").asString();
            DashboardTarget query = DashboardTarget.of(dashboard).stream()
                .filter((target) -> target.panel().equals("$" + name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Variable $" + name + " is not a query variable"));
            List<String> values = awaitAnswer(dashboard, query, Map.of(), true).firstColumn();
            variables.put(name, new TemplateVariable(name, variable.path("multi").asBoolean(),
                    variable.path("includeAll").asBoolean(), values));
        }
        return variables;
    }

    private static QueryDataResponse.Result awaitAnswer(JsonNode dashboard, DashboardTarget target,
            Map<String, TemplateVariable> variables, boolean withRows) {
        String refId = target.refId().isEmpty() ? "A" : target.refId();
        JsonNode request = PanelQueries.request(dashboard, target, variables);
        QueryDataResponse.Result[] answered = new QueryDataResponse.Result[1];
        await().atMost(DATA_WITHIN).pollInterval(POLL).untilAsserted(() -> {
            HttpJson.Response response = grafana.post("/api/ds/query", request);
            QueryDataResponse parsed = QueryDataResponse.parse(response.json());
            assertThat(parsed.results()).as(target.name() + ": HTTP " + response.status() + " " + response.body())
                .containsKey(refId);
            QueryDataResponse.Result result = parsed.result(refId);
            assertThat(result.failed()).as(target.name() + ": " + result.describe()).isFalse();
            if (withRows) {
                assertThat(result.rows()).as(target.name() + ": " + result.describe()).isPositive();
            }
            answered[0] = result;
        });
        return answered[0];
    }
}
