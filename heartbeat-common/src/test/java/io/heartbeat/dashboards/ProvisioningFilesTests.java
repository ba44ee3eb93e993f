package io.heartbeat.dashboards;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

/**
 * The provisioning Grafana loads at start-up fits together: every file parses, every query names a provisioned
 * datasource, every rule is complete and notifications have somewhere to go.
 */
class ProvisioningFilesTests {

    @Test
    void bothDashboardsAreProvisioned() {
        assertThat(GrafanaProvisioning.dashboards()).extracting((dashboard) -> dashboard.path("uid").asString())
            .containsExactly("heartbeat-monitoring", "pipeline-health");
        assertThat(GrafanaProvisioning.dashboards()).extracting((dashboard) -> dashboard.path("title").asString())
            .containsExactly("Heartbeat Monitoring", "Pipeline health");
    }

    @Test
    void heartbeatMonitoringHasTheOriginalsEightPanelsThePerPatientOnesAndTheClinicalAlarms() {
        JsonNode dashboard = GrafanaProvisioning.dashboard("heartbeat-monitoring");

        assertThat(dashboard.path("panels").valueStream().map((panel) -> panel.path("title").asString()))
            .containsExactlyInAnyOrder("Active alerts", "Total heartbeats", "Anomalies by type",
                    "Overall health by status", "Alerts over time", "Top 10 patients with anomalies",
                    "Heartbeat trends", "Recent alerts", "Live heart rate per patient", "Per-patient statistics",
                    "Clinical alarms");
        assertThat(dashboard.at("/annotations/list").valueStream().map((annotation) -> annotation.path("name")
            .asString())).containsExactly("Clinical alarms");
        JsonNode patient = dashboard.at("/templating/list/0");
        assertThat(patient.path("name").asString()).isEqualTo("patient");
        assertThat(patient.path("multi").asBoolean()).isTrue();
        assertThat(patient.path("includeAll").asBoolean()).isTrue();
        // 2: refreshed when the time range changes, so it lists the patients of the range shown
        assertThat(patient.path("refresh").asInt()).isEqualTo(2);
    }

    @Test
    void everyQueryGoesToAProvisionedDatasourceOfItsType() {
        Map<String, String> types = GrafanaProvisioning.entries("datasources", "datasources").stream()
            .collect(Collectors.toMap((datasource) -> (String) datasource.get("uid"),
                    (datasource) -> (String) datasource.get("type")));

        for (JsonNode dashboard : GrafanaProvisioning.dashboards()) {
            for (DashboardTarget target : DashboardTarget.of(dashboard)) {
                assertThat(types).as(target.name()).containsKey(target.datasourceUid());
                assertThat(types.get(target.datasourceUid())).as(target.name())
                    .isEqualTo(target.isSql() ? "grafana-postgresql-datasource" : "prometheus");
            }
            for (JsonNode panel : dashboard.path("panels").values()) {
                assertThat(types).as(panel.path("title").asString())
                    .containsKey(panel.at("/datasource/uid").asString());
            }
        }
        for (AlertRule rule : AlertRule.provisioned()) {
            for (AlertRule.Step step : rule.data()) {
                assertThat(step.isExpression() || types.containsKey(step.datasourceUid())).as(rule.title()).isTrue();
            }
        }
    }

    @Test
    void postgresDatasourceLogsInAsTheReadOnlyRole() {
        Map<String, Object> postgres = datasource("heartbeat-postgres");

        assertThat(postgres).containsEntry("user", GrafanaReader.ROLE).containsEntry("url", "postgres:5432");
        assertThat(postgres.get("jsonData")).asInstanceOf(MAP)
            .containsEntry("database", "${POSTGRES_DB}");
        assertThat(postgres.get("secureJsonData")).asInstanceOf(MAP)
            .containsEntry("password", "${GRAFANA_READER_PASSWORD}");
        assertThat(datasource("heartbeat-prometheus")).containsEntry("url", "http://prometheus:9090");
    }

    @Test
    void theIssuesFiveRulesAndTheOpenAlarmRuleAreProvisioned() {
        assertThat(AlertRule.provisioned()).extracting(AlertRule::title)
            .containsExactly("Sustained tachycardia or bradycardia", "Device silent", "Open alarm",
                    "Corrupted data rate high", "No events stored", "Consumer lag high");
        assertThat(AlertRule.provisioned()).extracting(AlertRule::uid).doesNotHaveDuplicates();
    }

    @Test
    void everyRuleIsComplete() {
        for (AlertRule rule : AlertRule.provisioned()) {
            // the for duration and the states Grafana accepts: GrafanaProvisioningRulesTests
            assertThat(rule.forDuration()).as(rule.title()).matches("\\d+[smh]");
            assertThat(rule.noDataState()).as(rule.title()).isNotEmpty();
            assertThat(rule.execErrState()).as(rule.title()).isNotEmpty();
            assertThat(rule.labels()).as(rule.title()).containsKey("component")
                .extractingByKey("severity").isIn("critical", "warning");
            assertThat(rule.annotations()).as(rule.title()).extractingByKey("summary").asString().isNotBlank();
            // Grafana interpolates environment variables in labels (and ${...} in annotations) when provisioning
            assertThat(rule.labels().values()).as(rule.title()).noneMatch((value) -> value.contains("$"));
            assertThat(rule.annotations().values()).as(rule.title()).noneMatch((value) -> value.contains("$"));
            assertThat(rule.step(rule.condition()).model()).as(rule.title()).containsEntry("type", "threshold");
            assertThat(rule.query().from()).as(rule.title()).isPositive();
        }
    }

    @Test
    void rulesLinkToPanelsThatExist() {
        for (AlertRule rule : AlertRule.provisioned()) {
            if (rule.dashboardUid() != null) {
                JsonNode dashboard = GrafanaProvisioning.dashboard(rule.dashboardUid());
                assertThat(dashboard.path("panels").valueStream().map((panel) -> panel.path("id").asInt()))
                    .as(rule.title())
                    .contains(rule.panelId());
            }
        }
    }

    @Test
    void notificationsGoToTheWebhookOfTheEnvironment() {
        List<Map<String, Object>> contactPoints = GrafanaProvisioning.entries("alerting", "contactPoints");
        assertThat(contactPoints).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> receiver = ((List<Map<String, Object>>) contactPoints.get(0).get("receivers")).get(0);
        assertThat(receiver).containsEntry("type", "webhook");
        assertThat(receiver.get("settings")).asInstanceOf(MAP)
            .containsEntry("url", "${ALERT_WEBHOOK_URL}");

        Set<String> receivers = receivers(GrafanaProvisioning.entries("alerting", "policies"));
        assertThat(receivers).containsExactly((String) contactPoints.get(0).get("name"));
    }

    @Test
    void prometheusQueriesReadOnlyPublishedMetrics() {
        List<String> expressions = GrafanaProvisioning.dashboards().stream()
            .flatMap((dashboard) -> DashboardTarget.of(dashboard).stream())
            .filter((target) -> !target.isSql())
            .map(DashboardTarget::query)
            .collect(Collectors.toList());
        AlertRule.provisioned().stream()
            .filter((rule) -> rule.query().datasourceUid().equals("heartbeat-prometheus"))
            .forEach((rule) -> expressions.add((String) rule.query().model().get("expr")));

        assertThat(expressions).hasSize(16);
        for (String expression : expressions) {
            assertThat(PromQl.metricNames(expression)).as(expression).isNotEmpty().isSubsetOf(PromQl.PUBLISHED);
        }
    }

    @Test
    void dashboardProviderReadsTheMountedDashboardsFolder() {
        List<Map<String, Object>> providers = GrafanaProvisioning.entries("dashboards", "providers");

        assertThat(providers).singleElement()
            .extracting((provider) -> provider.get("options"))
            .asInstanceOf(MAP)
            .containsEntry("path", ComposeMountsTests.DASHBOARDS_IN_CONTAINER);
    }

    private static Map<String, Object> datasource(String uid) {
        return GrafanaProvisioning.entries("datasources", "datasources").stream()
            .filter((datasource) -> uid.equals(datasource.get("uid")))
            .findFirst()
            .orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Set<String> receivers(List<Map<String, Object>> routes) {
        Set<String> receivers = new TreeSet<>();
        for (Map<String, Object> route : routes) {
            receivers.add((String) route.get("receiver"));
            receivers.addAll(receivers((List<Map<String, Object>>) route.getOrDefault("routes", List.of())));
        }
        return receivers;
    }
}
