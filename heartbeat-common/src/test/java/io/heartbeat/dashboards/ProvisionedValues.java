package io.heartbeat.dashboards;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the values of a parsed provisioning file as Grafana's {@code values} package does
 * (pkg/services/provisioning/values/values.go): a string goes through {@code interpolateValue}, which expands
 * {@code $__env{NAME}}, {@code ${NAME}} and {@code $NAME} (an unset name becomes empty) and turns {@code $$} into
 * a literal {@code $}.
 */
final class ProvisionedValues {

    private static final Pattern VARIABLE = Pattern.compile(
            "\\$__env\\{([A-Za-z0-9_]+)}|\\$\\{([A-Za-z0-9_]+)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final Map<String, String> environment;

    private final List<Violation> violations = new ArrayList<>();

    ProvisionedValues(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The interpolated string at {@code key}, empty when absent (Grafana's zero value). */
    String text(Map<String, Object> node, String key) {
        Object value = node.get(key);
        return (value == null) ? "" : interpolate(String.valueOf(value));
    }

    String interpolate(String raw) {
        StringBuilder result = new StringBuilder();
        String[] parts = raw.split("\\$\\$", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                result.append('$');
            }
            Matcher matcher = VARIABLE.matcher(parts[i]);
            while (matcher.find()) {
                String name = (matcher.group(1) != null) ? matcher.group(1)
                        : (matcher.group(2) != null) ? matcher.group(2) : matcher.group(3);
                matcher.appendReplacement(result, Matcher.quoteReplacement(this.environment.getOrDefault(name, "")));
            }
            matcher.appendTail(result);
        }
        return result.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> node, String key) {
        Object value = node.get(key);
        return (value instanceof Map<?, ?>) ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> node, String key) {
        Object value = node.get(key);
        return (value instanceof List<?>) ? (List<Map<String, Object>>) value : List.of();
    }

    /** Every entry of a top-level list ({@code groups}, {@code datasources}, ...) of every file, with its file. */
    static void forEachEntry(Map<String, Map<String, Object>> files, String key,
            BiConsumer<String, Map<String, Object>> action) {
        files.forEach((file, content) -> list(content, key).forEach((entry) -> action.accept(file, entry)));
    }

    /** The organisation of an entry: Grafana maps a missing or non-positive orgId to 1. */
    long orgId(Map<String, Object> node) {
        String text = text(node, "orgId");
        return text.isEmpty() ? 1 : Math.max(1, Long.parseLong(text));
    }

    void refuse(String file, String where, String message, String mirrors) {
        this.violations.add(new Violation(file, where, message, mirrors));
    }

    List<Violation> violations() {
        return List.copyOf(this.violations);
    }
}
