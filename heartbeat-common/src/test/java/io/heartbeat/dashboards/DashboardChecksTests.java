package io.heartbeat.dashboards;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static io.heartbeat.dashboards.ProvisioningVariants.dashboard;
import static io.heartbeat.dashboards.ProvisioningVariants.datasource;
import static io.heartbeat.dashboards.ProvisioningVariants.messages;
import static io.heartbeat.dashboards.ProvisioningVariants.panel;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Variants of the datasources, the dashboard provider and the dashboards that Grafana refuses or loads broken,
 * each rejected by {@link DatasourceChecks} and {@link DashboardChecks}.
 */
class DashboardChecksTests {

    private final GrafanaFiles files = GrafanaFiles.load();

    @Test
    void onlyOneDatasourceMayBeTheDefault() {
        datasource(this.files, "heartbeat-prometheus").put("isDefault", true);

        assertThat(messages(this.files)).containsExactly("datasource.yaml config is invalid. Only one datasource per"
                + " organization can be marked as default");
    }

    @Test
    void aDatasourceUidMustBeOfGrafanasAlphabet() {
        datasource(this.files, "heartbeat-prometheus").put("uid", "heartbeat.prometheus");

        // the panels and the lag rule then name a uid that no longer exists
        assertThat(messages(this.files)).startsWith("invalid UID for datasource Prometheus: invalid format of UID."
                + " Only letters, numbers, '-' and '_' are allowed", "Datasource heartbeat-prometheus was not found");
    }

    @Test
    void aPanelOrTargetOfAnUnknownDatasourceIsRefused() {
        ObjectNode panel = panel(this.files, "heartbeat-monitoring", 0);
        panel.putObject("datasource").put("type", "grafana-postgresql-datasource").put("uid", "postgres");
        ObjectNode target = (ObjectNode) panel(this.files, "pipeline-health", 0).get("targets").get(1);
        target.putObject("datasource").put("type", "grafana-postgresql-datasource").put("uid", "heartbeat-prometheus");

        assertThat(messages(this.files)).containsExactly("Datasource postgres was not found",
                "datasource heartbeat-prometheus is of type prometheus, not grafana-postgresql-datasource");
    }

    @Test
    void aVariableOfAnUnknownDatasourceIsRefused() {
        ObjectNode variable = (ObjectNode) dashboard(this.files, "heartbeat-monitoring").get("templating").get("list")
            .get(0);
        variable.putObject("datasource").put("uid", "heartbeat-postgresql");

        assertThat(messages(this.files)).containsExactly("Datasource heartbeat-postgresql was not found");
    }

    @Test
    void dashboardUidsMustBeShortUniqueAndTitlesSet() {
        dashboard(this.files, "pipeline-health").put("uid", "heartbeat-monitoring");
        dashboard(this.files, "heartbeat-monitoring").put("title", " ");

        assertThat(messages(this.files)).containsExactly("Dashboard title cannot be empty",
                "the same uid is used more than once");
    }

    @Test
    void dashboardTitlesMustBeUniqueInTheFolder() {
        dashboard(this.files, "pipeline-health").put("title", "Heartbeat Monitoring");

        assertThat(messages(this.files)).containsExactly("dashboard title is not unique in folder");
    }

    @Test
    void aDashboardUidOver40CharactersIsRefused() {
        dashboard(this.files, "pipeline-health").put("uid", "pipeline-health-of-kafka-and-the-consumers");

        assertThat(messages(this.files)).containsExactly("uid too long, max 40 characters");
    }

    @Test
    void theDashboardProviderMustReadFilesFromAPath() {
        Map<String, Object> provider = ProvisionedValues.list(
                this.files.dashboardProviders().get("provisioning/dashboards/dashboards.yml"), "providers").get(0);
        provider.put("type", "git");
        provider.put("options", Map.of("path", 42));

        assertThat(messages(this.files)).containsExactly("type git is not supported",
                "failed to load dashboards, path param is not a string");
    }
}
