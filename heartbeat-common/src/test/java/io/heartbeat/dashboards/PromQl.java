package io.heartbeat.dashboards;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, to hold dashboards and rules to the metrics the services publish.
 */
final class PromQl {

    /** What the services publish (Micrometer names as Prometheus renders them) and the panels and rules read. */
    static final Set<String> PUBLISHED = Set.of("heartbeat_events_produced_total",
            "heartbeat_events_send_failed_total", "heartbeat_events_stored_total", "heartbeat_events_duplicates_total",
            "heartbeat_events_dead_lettered_total", "heartbeat_batch_write_seconds_bucket",
            "heartbeat_events_latency_seconds_bucket",
            "kafka_consumer_fetch_manager_records_lag_max", "hikaricp_connections_active", "hikaricp_connections_max",
            "jvm_memory_used_bytes", "jvm_memory_max_bytes");

    private static final Pattern NOT_NAMES = Pattern
        .compile("\"[^\"]*\"|\\{[^}]*}|\\[[^]]*]|\\b(by|without)\\s*\\([^)]*\\)");

    private static final Pattern IDENTIFIER = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b\\s*(\\()?");

    private PromQl() {
    }

    /** Identifiers that are neither functions, grouping labels, label matchers nor ranges. */
    static Set<String> metricNames(String expression) {
        Matcher identifiers = IDENTIFIER.matcher(NOT_NAMES.matcher(expression).replaceAll(" "));
        Set<String> names = new LinkedHashSet<>();
        while (identifiers.find()) {
            if (identifiers.group(2) == null) {
                names.add(identifiers.group(1));
            }
        }
        return names;
    }
}
