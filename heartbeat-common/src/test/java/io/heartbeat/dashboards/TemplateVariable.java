package io.heartbeat.dashboards;

import java.util.List;

/**
 * A dashboard variable as Grafana's browser side holds it while it renders a query: its flags and the values
 * selected ("All" already resolved to every option, as Grafana does without a custom all value).
 */
record TemplateVariable(String name, boolean multi, boolean includeAll, List<String> values) {

    TemplateVariable {
        values = List.copyOf(values);
    }
}
