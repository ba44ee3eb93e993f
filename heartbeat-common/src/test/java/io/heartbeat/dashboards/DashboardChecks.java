package io.heartbeat.dashboards;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/**
 * What Grafana checks of the dashboard providers (pkg/services/provisioning/dashboards: dashboard.go,
 * file_reader.go) and of the dashboards they load (pkg/services/dashboards: the uid and title rules of
 * SaveDashboard), and what a panel needs to draw: a datasource reference that resolves
 * (public/app/features/plugins/datasource_srv.ts).
 */
final class DashboardChecks {

    // references the frontend resolves without a provisioned datasource: built-ins, and template variables
    private static final Set<String> BUILT_IN_DATASOURCES = Set.of("grafana", "-- Grafana --", "-- Mixed --",
            "-- Dashboard --");

    private static final String SAVE = "DashboardServiceImpl.BuildSaveDashboardCommand,"
            + " pkg/services/dashboards/service/dashboard_service.go";

    // Grafana logs duplicates as errors, and the dashboards they involve can no longer be saved from the files
    private static final String DUPLICATES = "duplicateValidator.logWarnings,"
            + " pkg/services/provisioning/dashboards/validator.go";

    private static final String SOURCE = "DatasourceSrv.get, public/app/features/plugins/datasource_srv.ts";

    private final ProvisionedValues values;

    private final Map<String, String> datasourceTypes;

    private final Map<String, String> uids = new HashMap<>();

    private final Map<String, String> titles = new HashMap<>();

    DashboardChecks(ProvisionedValues values, Map<String, String> datasourceTypes) {
        this.values = values;
        this.datasourceTypes = datasourceTypes;
    }

    void checkProviders(Map<String, Map<String, Object>> providerFiles) {
        ProvisionedValues.forEachEntry(providerFiles, "providers", (file, provider) -> {
            String where = "provider '" + this.values.text(provider, "name") + "'";
            String type = this.values.text(provider, "type");
            if (!type.isEmpty() && !"file".equals(type)) {
                this.values.refuse(file, where, "type " + type + " is not supported",
                        "getFileReaders, pkg/services/provisioning/dashboards/dashboard.go");
            }
            Map<String, Object> options = ProvisionedValues.map(provider, "options");
            if (!(options.get("path") instanceof String) && !(options.get("folder") instanceof String)) {
                this.values.refuse(file, where, "failed to load dashboards, path param is not a string",
                        "NewDashboardFileReader, pkg/services/provisioning/dashboards/file_reader.go");
            }
        });
    }

    void checkDashboards(Map<String, JsonNode> dashboards) {
        dashboards.forEach((file, dashboard) -> {
            String uid = dashboard.path("uid").asString("");
            String title = dashboard.path("title").asString("");
            String where = "dashboard '" + uid + "'";
            if (title.isBlank()) {
                this.values.refuse(file, where, "Dashboard title cannot be empty", SAVE + " (ErrDashboardTitleEmpty)");
            }
            else if (this.titles.putIfAbsent(title, file) != null) {
                this.values.refuse(file, where, "dashboard title is not unique in folder", DUPLICATES);
            }
            if (!AlertRuleChecks.UID.matcher(uid).matches()) {
                this.values.refuse(file, where, "uid contains illegal characters", SAVE + " (ErrDashboardInvalidUid)");
            }
            else if (uid.length() > AlertRuleChecks.MAX_UID_LENGTH) {
                this.values.refuse(file, where, "uid too long, max 40 characters", SAVE + " (ErrDashboardUidTooLong)");
            }
            if (!uid.isEmpty() && this.uids.putIfAbsent(uid, file) != null) {
                this.values.refuse(file, where, "the same uid is used more than once", DUPLICATES);
            }
            checkReferences(file, dashboard);
        });
    }

    private void checkReferences(String file, JsonNode dashboard) {
        for (JsonNode variable : dashboard.path("templating").path("list").values()) {
            checkReference(file, "variable '" + variable.path("name").asString() + "'", variable.path("datasource"));
        }
        for (JsonNode annotation : dashboard.path("annotations").path("list").values()) {
            checkReference(file, "annotation '" + annotation.path("name").asString() + "'",
                    annotation.path("datasource"));
        }
        for (JsonNode panel : panels(dashboard.path("panels"))) {
            String where = "panel '" + panel.path("title").asString() + "'";
            checkReference(file, where, panel.path("datasource"));
            for (JsonNode target : panel.path("targets").values()) {
                checkReference(file, where + " target " + target.path("refId").asString(),
                        target.path("datasource"));
            }
        }
    }

    /** The panels, with those of collapsed rows, which keep theirs inside the row. */
    private static List<JsonNode> panels(JsonNode panels) {
        return panels.valueStream()
            .flatMap((panel) -> Stream.concat(Stream.of(panel), panels(panel.path("panels")).stream()))
            .toList();
    }

    private void checkReference(String file, String where, JsonNode datasource) {
        if (datasource.isMissingNode() || datasource.isNull()) {
            return; // no reference: the default datasource
        }
        String uid = datasource.isString() ? datasource.asString() : datasource.path("uid").asString("");
        if (uid.startsWith("$") || BUILT_IN_DATASOURCES.contains(uid)) {
            return;
        }
        if (!this.datasourceTypes.containsKey(uid)) {
            this.values.refuse(file, where, "Datasource " + uid + " was not found", SOURCE);
            return;
        }
        String type = datasource.path("type").asString("");
        if (!type.isEmpty() && !type.equals(this.datasourceTypes.get(uid))) {
            this.values.refuse(file, where, "datasource " + uid + " is of type " + this.datasourceTypes.get(uid)
                    + ", not " + type, SOURCE + " (the panel's query editor and plugin come from the type)");
        }
    }
}
