package io.heartbeat.dashboards;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds the files under {@code grafana/} to the validation Grafana applies when it loads them, so a file Grafana
 * would refuse (and then exit, leaving no dashboard to view) fails the build instead. Each check names the Grafana
 * function it mirrors, with its path in grafana/grafana (or grafana/alerting for contact point settings), as read
 * for the image docker-compose.yml runs (grafana/grafana:12.1.1).
 */
final class GrafanaProvisioningChecker {

    private GrafanaProvisioningChecker() {
    }

    /** Everything Grafana would refuse in these files, in the order it provisions them; empty when it loads all. */
    static List<Violation> check(GrafanaFiles files) {
        ProvisionedValues values = new ProvisionedValues(files.environment());
        Map<String, String> datasourceTypes = new DatasourceChecks(values).check(files.datasources());
        Set<String> datasourceUids = new HashSet<>(datasourceTypes.keySet());
        DashboardChecks dashboards = new DashboardChecks(values, datasourceTypes);
        dashboards.checkProviders(files.dashboardProviders());
        dashboards.checkDashboards(files.dashboards());
        new AlertRuleChecks(values, datasourceUids).check(files.alerting());
        new NotificationChecks(values).check(files.alerting());
        return values.violations();
    }
}
