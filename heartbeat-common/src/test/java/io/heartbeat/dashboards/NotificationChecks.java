package io.heartbeat.dashboards;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Grafana checks when it provisions contact points (pkg/services/provisioning/alerting/contact_point_types.go,
 * then each integration's settings in grafana/alerting receivers/&lt;type&gt;/&lt;version&gt;/config.go) and the
 * notification policy tree (pkg/services/ngalert/provisioning/notification_policies.go UpdatePolicyTree, with
 * Route.Validate and Route.ValidateReceivers of pkg/services/ngalert/api/tooling/definitions/alertmanager.go).
 */
final class NotificationChecks {

    // pkg/services/ngalert/notifier/channels_config/available_channels.go GetAvailableNotifiers (Grafana 12)
    private static final Set<String> TYPES = Set.of("alertmanager", "dingding", "discord", "email", "googlechat",
            "jira", "kafka", "line", "mqtt", "oncall", "opsgenie", "pagerduty", "pushover", "sensugo", "slack", "sns",
            "teams", "telegram", "threema", "victorops", "webex", "webhook", "wecom");

    private static final String CONTACT_POINT_V1 = "ContactPointV1.MapToModel/ReceiverV1.mapToModel,"
            + " pkg/services/provisioning/alerting/contact_point_types.go";

    private static final String ROUTE = "Route.Validate, pkg/services/ngalert/api/tooling/definitions/alertmanager.go";

    // pkg/setting/setting_unified_alerting.go alertmanagerDefaultConfiguration: its receiver grafana-default-email
    private static final String DEFAULT_CONTACT_POINT = "grafana-default-email";

    private final ProvisionedValues values;

    private final Map<Long, Set<String>> contactPoints = new HashMap<>();

    private final Set<String> integrationUids = new HashSet<>();

    NotificationChecks(ProvisionedValues values) {
        this.values = values;
    }

    void check(Map<String, Map<String, Object>> alertingFiles) {
        // the default configuration's contact point exists in every org before provisioning adds any
        this.contactPoints.computeIfAbsent(1L, (org) -> new HashSet<>()).add(DEFAULT_CONTACT_POINT);
        ProvisionedValues.forEachEntry(alertingFiles, "contactPoints", this::checkContactPoint);
        ProvisionedValues.forEachEntry(alertingFiles, "policies", this::checkPolicyTree);
    }

    private void checkContactPoint(String file, Map<String, Object> contactPoint) {
        String name = this.values.text(contactPoint, "name").trim();
        String where = "contact point '" + name + "'";
        if (name.isEmpty()) {
            this.values.refuse(file, where, "no name is set", CONTACT_POINT_V1);
        }
        this.contactPoints.computeIfAbsent(this.values.orgId(contactPoint), (org) -> new HashSet<>()).add(name);
        for (Map<String, Object> receiver : ProvisionedValues.list(contactPoint, "receivers")) {
            String uid = this.values.text(receiver, "uid").trim();
            String type = this.values.text(receiver, "type").trim();
            Map<String, Object> settings = ProvisionedValues.map(receiver, "settings");
            if (uid.isEmpty()) {
                this.values.refuse(file, where, name + ": no uid is set", CONTACT_POINT_V1);
            }
            else if (!this.integrationUids.add(uid)) {
                // the provisioner finds integrations by uid: a second one with it replaces the first
                this.values.refuse(file, where, name + ": integration uid '" + uid + "' is used twice",
                        "ContactPointService.CreateContactPoint, pkg/services/ngalert/provisioning/contactpoints.go");
            }
            if (type.isEmpty()) {
                this.values.refuse(file, where, name + ": no type is set", CONTACT_POINT_V1);
            }
            else if (settings.isEmpty()) {
                this.values.refuse(file, where, name + ": no settings are set", CONTACT_POINT_V1);
            }
            else {
                String problem = settingsProblem(type, settings);
                if (problem != null) {
                    this.values.refuse(file, where, name + ": failed to validate integration \"" + name + "\" (UID "
                            + uid + ") of type \"" + type + "\": " + problem, "NewConfig of grafana/alerting"
                            + " receivers/" + type + " (via models.ValidateIntegration)");
                }
            }
        }
    }

    /** The first required setting the integration lacks, in grafana/alerting's words; null when complete. */
    private String settingsProblem(String type, Map<String, Object> settings) {
        if (!TYPES.contains(type)) {
            return "notifier " + type + " is not supported";
        }
        return switch (type) {
            case "webhook", "discord", "teams", "googlechat", "alertmanager", "dingding" ->
                missing(settings, "url") ? "required field 'url' is not specified" : null;
            case "email" -> missing(settings, "addresses") ? "could not find addresses in settings" : null;
            case "slack" -> !missing(settings, "url") ? null
                    : missing(settings, "recipient") ? "recipient must be specified when using the Slack chat API"
                    : missing(settings, "token") ? "token must be specified when using the Slack chat API" : null;
            default -> null; // types not used here: their required settings are not modelled
        };
    }

    private boolean missing(Map<String, Object> settings, String key) {
        return this.values.text(settings, key).trim().isEmpty();
    }

    private void checkPolicyTree(String file, Map<String, Object> root) {
        long orgId = this.values.orgId(root);
        String where = "policy tree of org " + orgId;
        if (this.values.text(root, "receiver").isEmpty()) {
            this.values.refuse(file, where, "root route must specify a default receiver", ROUTE);
        }
        for (String matchers : List.of("matchers", "object_matchers", "match", "match_re")) {
            if (root.containsKey(matchers)) {
                this.values.refuse(file, where, "root route must not have any matchers", ROUTE);
            }
        }
        checkRoute(file, where, orgId, root);
    }

    private void checkRoute(String file, String where, long orgId, Map<String, Object> route) {
        String receiver = this.values.text(route, "receiver");
        if (!receiver.isEmpty() && !this.contactPoints.getOrDefault(orgId, Set.of()).contains(receiver)) {
            this.values.refuse(file, where, "invalid object specification: receiver '" + receiver
                    + "' does not exist", "NotificationPolicyService.UpdatePolicyTree,"
                    + " pkg/services/ngalert/provisioning/notification_policies.go (Route.ValidateReceivers)");
        }
        for (String key : List.of("group_wait", "group_interval", "repeat_interval")) {
            if (route.containsKey(key)) {
                try {
                    if (GoDurations.parse(this.values.text(route, key)).isZero() && !"group_wait".equals(key)) {
                        this.values.refuse(file, where, key + " cannot be zero", "Route.ValidateChild");
                    }
                }
                catch (IllegalArgumentException ex) {
                    this.values.refuse(file, where, ex.getMessage(), "prometheus model.Duration.UnmarshalJSON");
                }
            }
        }
        Object groupBy = route.get("group_by");
        if (groupBy instanceof List<?> labels && new HashSet<>(labels).size() != labels.size()) {
            this.values.refuse(file, where, "duplicated label in group_by " + labels, "Route.ValidateChild");
        }
        ProvisionedValues.list(route, "routes").forEach((child) -> checkRoute(file, where, orgId, child));
    }
}
