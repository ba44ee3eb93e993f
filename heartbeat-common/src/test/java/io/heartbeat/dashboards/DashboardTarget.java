package io.heartbeat.dashboards;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * One query of a dashboard: a panel target or a query variable, with the datasource it goes to.
 *
 * @param panel the panel title, or {@code $name} for a variable
 * @param query {@code rawSql} for PostgreSQL, {@code expr} for Prometheus
 * @param format {@code table} or {@code time_series} for SQL (Grafana's default is time series), else empty
 * @param minInterval the panel's lower bound for {@code $__interval}, empty when it has none
 * @param maxDataPoints the panel's own "Max data points" (query options), 0 when it has none: Grafana then asks for
 * as many points as the panel is wide in pixels
 */
record DashboardTarget(String dashboard, String panel, String refId, String datasourceUid, String query,
        String format, String minInterval, int maxDataPoints) {

    static List<DashboardTarget> of(JsonNode dashboard) {
        String title = dashboard.path("title").asString();
        List<DashboardTarget> targets = new ArrayList<>();
        for (JsonNode variable : dashboard.path("templating").path("list").values()) {
            if (variable.path("type").asString().equals("query")) {
                targets.add(new DashboardTarget(title, "$" + variable.path("name").asString(), "",
                        variable.path("datasource").path("uid").asString(), variable.path("query").asString(),
                        "table", "", 0));
            }
        }
        for (JsonNode panel : dashboard.path("panels").values()) {
            for (JsonNode target : panel.path("targets").values()) {
                JsonNode datasource = target.has("datasource") ? target.get("datasource") : panel.get("datasource");
                boolean sql = target.has("rawSql");
                targets.add(new DashboardTarget(title, panel.path("title").asString(),
                        target.path("refId").asString(), datasource.path("uid").asString(),
                        target.path(sql ? "rawSql" : "expr").asString(),
                        sql ? target.path("format").asString("time_series") : "",
                        panel.path("interval").asString(""), panel.path("maxDataPoints").asInt(0)));
            }
        }
        return targets;
    }

    boolean isSql() {
        return !this.format.isEmpty();
    }

    /** What the browser asks for: PanelModel's {@code maxDataPoints || width}, its width in pixels by default. */
    int dataPoints(int width) {
        return (this.maxDataPoints > 0) ? this.maxDataPoints : width;
    }

    String name() {
        return this.dashboard + " / " + this.panel + (this.refId.isEmpty() ? "" : " / " + this.refId);
    }
}
