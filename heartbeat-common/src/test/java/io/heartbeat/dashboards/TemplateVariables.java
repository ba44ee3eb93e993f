package io.heartbeat.dashboards;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What Grafana's browser does to a SQL query before sending it: it replaces dashboard variables and
 * {@code $__interval} (TemplateSrv with the SQL datasource's {@code interpolateVariable}), and leaves every other
 * {@code $__name} to the backend's macros. An unknown variable or format fails.
 */
final class TemplateVariables {

    // TemplateSrv's pattern: $name | [[name]] or [[name:format]] | ${name}, ${name.path} or ${name:format}
    private static final Pattern VARIABLE = Pattern
        .compile("\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?]]|\\$\\{(\\w+)(?:\\.([^:^}]+))?(?::([^}]+))?}");

    private TemplateVariables() {
    }

    static String replace(String sql, Map<String, TemplateVariable> variables, Duration interval) {
        Matcher matcher = VARIABLE.matcher(sql);
        StringBuilder replaced = new StringBuilder();
        while (matcher.find()) {
            String name = firstNonNull(matcher.group(1), matcher.group(2), matcher.group(4));
            String format = firstNonNull(matcher.group(3), matcher.group(6));
            if (matcher.group(5) != null) {
                throw new IllegalArgumentException("Variable field paths are not implemented: " + matcher.group());
            }
            String value = value(name, format, matcher.group(), variables, interval);
            matcher.appendReplacement(replaced, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(replaced).toString();
    }

    private static String value(String name, String format, String text, Map<String, TemplateVariable> variables,
            Duration interval) {
        TemplateVariable variable = variables.get(name);
        if (variable != null) {
            return (format != null) ? formatted(variable, format) : datasourceFormatted(variable);
        }
        return switch (name) {
            case "__interval" -> formatInterval(interval);
            case "__interval_ms" -> Long.toString(interval.toMillis());
            default -> {
                if (!name.startsWith("__")) {
                    throw new IllegalArgumentException("Unknown template variable " + text);
                }
                yield text; // a macro, for the backend
            }
        };
    }

    /** SqlDatasource.interpolateVariable: quoted literals for multi-value or include-all variables. */
    private static String datasourceFormatted(TemplateVariable variable) {
        if (!variable.multi() && !variable.includeAll()) {
            if (variable.values().size() != 1) {
                throw new IllegalArgumentException("Single-value variable $" + variable.name() + " has "
                        + variable.values());
            }
            return variable.values().get(0).replace("'", "''");
        }
        return quotedList(variable.values(), (value) -> value.replace("'", "''"));
    }

    /** Grafana's format registry; only the formats the dashboards use are implemented. */
    private static String formatted(TemplateVariable variable, String format) {
        if (!format.equals("sqlstring")) {
            throw new IllegalArgumentException("Variable format " + format + " is not implemented");
        }
        // sqlStringFormatter pairs single quotes and backslash-escapes double quotes
        return quotedList(variable.values(), (value) -> value.replace("'", "''").replace("\"", "\\\""));
    }

    private static String quotedList(List<String> values, UnaryOperator<String> escape) {
        return values.stream().map((value) -> "'" + escape.apply(value) + "'").collect(Collectors.joining(","));
    }

    /** gtime.FormatInterval: the largest whole unit. */
    static String formatInterval(Duration interval) {
        long millis = interval.toMillis();
        long[] unitMillis = { 365L * 24 * 3600 * 1000, 24 * 3600 * 1000, 3600 * 1000, 60 * 1000, 1000, 1 };
        String[] units = { "y", "d", "h", "m", "s", "ms" };
        for (int i = 0; i < units.length; i++) {
            if (millis >= unitMillis[i]) {
                return (millis / unitMillis[i]) + units[i];
            }
        }
        return "1ms";
    }

    private static String firstNonNull(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }
}
