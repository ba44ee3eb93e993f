package io.heartbeat.dashboards;

import java.util.HashMap;
import java.util.Map;

/**
 * What Grafana checks when it provisions {@code provisioning/datasources}: one default per organisation
 * (configReader.validateDefaultUniqueness, pkg/services/provisioning/datasources/config_reader.go), the uid format
 * (SqlStore.AddDataSource, pkg/services/datasources/service/store.go) and the name and uid it finds them by.
 */
final class DatasourceChecks {

    private static final String READER = "configReader.validateDefaultUniqueness,"
            + " pkg/services/provisioning/datasources/config_reader.go";

    private static final String PROVISIONER = "DatasourceProvisioner.apply,"
            + " pkg/services/provisioning/datasources/datasources.go";

    private final ProvisionedValues values;

    /** uid to type, of every provisioned datasource (org 1, the only one this project uses). */
    private final Map<String, String> types = new HashMap<>();

    private final Map<Long, String> defaults = new HashMap<>();

    private final Map<String, String> names = new HashMap<>();

    DatasourceChecks(ProvisionedValues values) {
        this.values = values;
    }

    Map<String, String> check(Map<String, Map<String, Object>> datasourceFiles) {
        ProvisionedValues.forEachEntry(datasourceFiles, "datasources", this::checkDatasource);
        return Map.copyOf(this.types);
    }

    private void checkDatasource(String file, Map<String, Object> datasource) {
        long orgId = this.values.orgId(datasource);
        String name = this.values.text(datasource, "name");
        String uid = this.values.text(datasource, "uid");
        String type = this.values.text(datasource, "type");
        String where = "datasource '" + name + "'";
        if (name.isBlank()) {
            this.values.refuse(file, where, "datasource has no name", PROVISIONER + " (found by name)");
        }
        else if (this.names.putIfAbsent(orgId + "/" + name, uid) != null) {
            this.values.refuse(file, where, "datasource name '" + name + "' is used twice in org " + orgId
                    + ": the second overwrites the first", PROVISIONER + " (found by name)");
        }
        if (type.isBlank()) {
            this.values.refuse(file, where, "datasource has no type", PROVISIONER);
        }
        if (uid.length() > AlertRuleChecks.MAX_UID_LENGTH) {
            this.values.refuse(file, where, "invalid UID for datasource " + name + ": UID is longer than "
                    + AlertRuleChecks.MAX_UID_LENGTH + " symbols", "SqlStore.AddDataSource,"
                    + " pkg/services/datasources/service/store.go (util.ValidateUID)");
        }
        else if (!AlertRuleChecks.UID.matcher(uid).matches()) {
            this.values.refuse(file, where, "invalid UID for datasource " + name + ": invalid format of UID. Only"
                    + " letters, numbers, '-' and '_' are allowed", "SqlStore.AddDataSource,"
                    + " pkg/services/datasources/service/store.go (util.ValidateUID)");
        }
        if (!uid.isEmpty() && this.types.putIfAbsent(uid, type) != null) {
            this.values.refuse(file, where, "datasource uid '" + uid + "' is used twice",
                    "SqlStore.AddDataSource, pkg/services/datasources/service/store.go (ErrDataSourceUidExists)");
        }
        if (Boolean.parseBoolean(this.values.text(datasource, "isDefault"))
                && this.defaults.putIfAbsent(orgId, name) != null) {
            this.values.refuse(file, where, "datasource.yaml config is invalid. Only one datasource per organization"
                    + " can be marked as default", READER);
        }
    }
}
