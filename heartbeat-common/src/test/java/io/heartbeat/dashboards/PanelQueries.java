package io.heartbeat.dashboards;

import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of a POST to Grafana's {@code /api/ds/query} for one dashboard query, as Grafana's browser sends it
 * when the dashboard opens: the dashboard's time range, dashboard variables already replaced in SQL (the SQL
 * datasource does that in the browser) and macros left to the backend. For Prometheus the expression goes as it is:
 * {@code $__rate_interval} and {@code $__interval} are the backend's to expand.
 */
final class PanelQueries {

    static final String POSTGRES_TYPE = "grafana-postgresql-datasource";

    static final String PROMETHEUS_TYPE = "prometheus";

    /** What the browser asks for when the panel has no minimum interval (the existing query tests use it too). */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private static final int MAX_DATA_POINTS = 1000;

    private PanelQueries() {
    }

    /**
     * @param dashboard the dashboard JSON the target comes from (for its time range)
     * @param variables the dashboard variables' selected values, by name
     */
    static ObjectNode request(JsonNode dashboard, DashboardTarget target, Map<String, TemplateVariable> variables) {
        Duration interval = interval(target);
        ObjectNode body = JsonMapper.shared().createObjectNode();
        body.put("from", dashboard.at("/time/from").asString());
        body.put("to", dashboard.at("/time/to").asString());
        ObjectNode query = body.putArray("queries").addObject();
        query.put("refId", target.refId().isEmpty() ? "A" : target.refId());
        ObjectNode datasource = query.putObject("datasource");
        datasource.put("uid", target.datasourceUid());
        datasource.put("type", target.isSql() ? POSTGRES_TYPE : PROMETHEUS_TYPE);
        query.put("intervalMs", interval.toMillis());
        query.put("maxDataPoints", target.dataPoints(MAX_DATA_POINTS));
        if (target.isSql()) {
            query.put("rawSql", TemplateVariables.replace(target.query(), variables, interval));
            query.put("format", target.format());
            query.put("rawQuery", true);
            query.put("editorMode", "code");
        }
        else {
            query.put("expr", target.query());
            query.put("range", true);
            query.put("instant", false);
            query.put("editorMode", "code");
        }
        return body;
    }

    static Duration interval(DashboardTarget target) {
        return target.minInterval().isEmpty() ? DEFAULT_INTERVAL : PostgresMacros.parseInterval(target.minInterval());
    }
}
