package io.heartbeat.dashboards;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

/**
 * The provisioning Grafana loads at start-up fits together: every file parses and every query names a provisioned
 * datasource.
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
    void heartbeatMonitoringHasTheOriginalsEightPanelsAndThePerPatientOnes() {
        JsonNode dashboard = GrafanaProvisioning.dashboard("heartbeat-monitoring");

        assertThat(dashboard.path("panels").valueStream().map((panel) -> panel.path("title").asString()))
            .containsExactlyInAnyOrder("Active alerts", "Total heartbeats", "Anomalies by type",
                    "Overall health by status", "Alerts over time", "Top 10 patients with anomalies",
                    "Heartbeat trends", "Recent alerts", "Live heart rate per patient", "Per-patient statistics");
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
    void prometheusQueriesReadOnlyPublishedMetrics() {
        List<String> expressions = GrafanaProvisioning.dashboards().stream()
            .flatMap((dashboard) -> DashboardTarget.of(dashboard).stream())
            .filter((target) -> !target.isSql())
            .map(DashboardTarget::query)
            .collect(Collectors.toList());

        assertThat(expressions).hasSize(13);
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
}
