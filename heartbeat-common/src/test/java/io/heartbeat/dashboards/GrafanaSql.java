package io.heartbeat.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The SQL Grafana sends to PostgreSQL for a panel target, a variable query or an alert query: template variables
 * first (browser), then macros (backend). Whatever is left with a {@code $} was not expanded and fails.
 */
final class GrafanaSql {

    private static final Pattern LEFT_OVER = Pattern.compile("\\$[_a-zA-Z{\\[]");

    private GrafanaSql() {
    }

    static String interpolate(String rawSql, Instant from, Instant to, Duration interval,
            Map<String, TemplateVariable> variables) {
        String sql = PostgresMacros.expand(TemplateVariables.replace(rawSql, variables, interval), from, to);
        if (LEFT_OVER.matcher(sql).find()) {
            throw new IllegalArgumentException("Not expanded: " + sql);
        }
        return sql;
    }

    /** An alert query: no dashboard variables, the time range relative to the evaluation time. */
    static String interpolate(String rawSql, Instant from, Instant to) {
        return interpolate(rawSql, from, to, Duration.ofSeconds(1), Map.of());
    }
}
