package io.heartbeat.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A provisioned Grafana alert rule (grafana/provisioning/alerting), the fields the tests read.
 *
 * @param interval how often its group is evaluated
 * @param data the rule's queries and expressions, by refId order
 * @param forDuration its pending period, as written ({@code 10s})
 */
public record AlertRule(String group, Duration interval, String uid, String title, String condition,
        List<Step> data, String forDuration, String noDataState, String execErrState, Map<String, String> labels,
        Map<String, String> annotations, String dashboardUid, Integer panelId) {

    static final String POSTGRES_DATASOURCE = "heartbeat-postgres";

    /** Every rule of every group in the alerting provisioning files. */
    @SuppressWarnings("unchecked")
    public static List<AlertRule> provisioned() {
        List<AlertRule> rules = new ArrayList<>();
        for (Map<String, Object> group : GrafanaProvisioning.entries("alerting", "groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                List<Step> data = ((List<Map<String, Object>>) rule.get("data")).stream().map(Step::of).toList();
                rules.add(new AlertRule((String) group.get("name"),
                        PostgresMacros.parseInterval((String) group.get("interval")), (String) rule.get("uid"),
                        (String) rule.get("title"), (String) rule.get("condition"), data,
                        (String) rule.get("for"), (String) rule.get("noDataState"),
                        (String) rule.get("execErrState"), (Map<String, String>) rule.get("labels"),
                        (Map<String, String>) rule.get("annotations"), (String) rule.get("dashboardUid"),
                        (Integer) rule.get("panelId")));
            }
        }
        return rules;
    }

    /** The rules whose query goes to the PostgreSQL datasource. */
    public static List<AlertRule> sql() {
        return provisioned().stream().filter((rule) -> rule.query().datasourceUid().equals(POSTGRES_DATASOURCE))
            .toList();
    }

    public static AlertRule withUid(String uid) {
        return provisioned().stream()
            .filter((rule) -> rule.uid().equals(uid))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("No alert rule " + uid));
    }

    /** The data query (refId A by the rules' convention: the one step that is not an expression). */
    Step query() {
        List<Step> queries = this.data.stream().filter((step) -> !step.isExpression()).toList();
        if (queries.size() != 1) {
            throw new IllegalStateException(this.uid + " has " + queries.size() + " data queries");
        }
        return queries.get(0);
    }

    /** The pending period: how long the condition must hold before the instance fires. */
    public Duration pendingPeriod() {
        return PostgresMacros.parseInterval(this.forDuration);
    }

    /** The SQL Grafana sends when it evaluates this rule at {@code evaluatedAt}, macros expanded. */
    String sqlAt(Instant evaluatedAt) {
        Step step = query();
        return GrafanaSql.interpolate(step.rawSql(), evaluatedAt.minusSeconds(step.from()),
                evaluatedAt.minusSeconds(step.to()));
    }

    Step step(String refId) {
        return this.data.stream()
            .filter((step) -> step.refId().equals(refId))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException(this.uid + " has no step " + refId));
    }

    /**
     * One entry of a rule's {@code data}: a datasource query or a server-side expression ({@code __expr__}).
     *
     * @param from seconds before the evaluation time the query's range starts
     * @param to seconds before the evaluation time it ends
     */
    record Step(String refId, String datasourceUid, long from, long to, Map<String, Object> model) {

        static final String EXPRESSION = "__expr__";

        @SuppressWarnings("unchecked")
        static Step of(Map<String, Object> step) {
            Map<String, Object> range = (Map<String, Object>) step.getOrDefault("relativeTimeRange", Map.of());
            return new Step((String) step.get("refId"), (String) step.get("datasourceUid"),
                    ((Number) range.getOrDefault("from", 0)).longValue(),
                    ((Number) range.getOrDefault("to", 0)).longValue(), (Map<String, Object>) step.get("model"));
        }

        boolean isExpression() {
            return EXPRESSION.equals(this.datasourceUid);
        }

        String rawSql() {
            return (String) this.model.get("rawSql");
        }
    }
}
