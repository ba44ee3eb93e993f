package io.heartbeat.dashboards;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finds the parts of freshly loaded {@link GrafanaFiles} that a test changes into a variant Grafana would refuse,
 * and reports what the checker says of the result.
 */
final class ProvisioningVariants {

    static final String RULES = "provisioning/alerting/rules.yml";

    static final String CONTACT_POINTS = "provisioning/alerting/contact-points.yml";

    static final String POLICIES = "provisioning/alerting/notification-policies.yml";

    static final String DATASOURCES = "provisioning/datasources/datasources.yml";

    private ProvisioningVariants() {
    }

    /** The checker's messages for the files, in order. */
    static List<String> messages(GrafanaFiles files) {
        return GrafanaProvisioningChecker.check(files).stream().map(Violation::message).toList();
    }

    static Map<String, Object> group(GrafanaFiles files, String name) {
        return ProvisionedValues.list(files.alerting().get(RULES), "groups").stream()
            .filter((group) -> name.equals(group.get("name")))
            .findFirst()
            .orElseThrow();
    }

    static Map<String, Object> rule(GrafanaFiles files, String uid) {
        return ProvisionedValues.list(files.alerting().get(RULES), "groups").stream()
            .flatMap((group) -> ProvisionedValues.list(group, "rules").stream())
            .filter((rule) -> uid.equals(rule.get("uid")))
            .findFirst()
            .orElseThrow();
    }

    static Map<String, Object> step(Map<String, Object> rule, String refId) {
        return ProvisionedValues.list(rule, "data").stream()
            .filter((step) -> refId.equals(step.get("refId")))
            .findFirst()
            .orElseThrow();
    }

    static Map<String, Object> model(Map<String, Object> rule, String refId) {
        return ProvisionedValues.map(step(rule, refId), "model");
    }

    static Map<String, Object> webhook(GrafanaFiles files) {
        Map<String, Object> contactPoint = ProvisionedValues.list(files.alerting().get(CONTACT_POINTS),
                "contactPoints").get(0);
        return ProvisionedValues.list(contactPoint, "receivers").get(0);
    }

    static Map<String, Object> policyTree(GrafanaFiles files) {
        return ProvisionedValues.list(files.alerting().get(POLICIES), "policies").get(0);
    }

    static Map<String, Object> datasource(GrafanaFiles files, String uid) {
        return ProvisionedValues.list(files.datasources().get(DATASOURCES), "datasources").stream()
            .filter((datasource) -> uid.equals(datasource.get("uid")))
            .findFirst()
            .orElseThrow();
    }

    static ObjectNode dashboard(GrafanaFiles files, String uid) {
        return (ObjectNode) files.dashboards().values().stream()
            .filter((dashboard) -> uid.equals(dashboard.path("uid").asString()))
            .findFirst()
            .orElseThrow();
    }

    static ObjectNode panel(GrafanaFiles files, String dashboardUid, int index) {
        JsonNode panels = dashboard(files, dashboardUid).path("panels");
        return (ObjectNode) panels.get(index);
    }
}
