package io.heartbeat.dashboards;

import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;

/**
 * The scrape targets in Prometheus' {@code /api/v1/targets} answer (Prometheus' HTTP API docs, "Targets"): each
 * active target's job label and its {@code health}, {@code up}, {@code down} or {@code unknown}, with
 * {@code lastError} when a scrape failed.
 */
final class PrometheusTargets {

    private PrometheusTargets() {
    }

    /** Health of the active targets by job, a failed one with its last error ({@code down: connection refused}). */
    static Map<String, String> healthByJob(JsonNode response) {
        if (!"success".equals(response.path("status").asString())) {
            throw new IllegalStateException("Prometheus answered " + response);
        }
        Map<String, String> health = new TreeMap<>();
        for (JsonNode target : response.at("/data/activeTargets").values()) {
            String state = target.path("health").asString();
            String error = target.path("lastError").asString("");
            health.merge(target.at("/labels/job").asString(), error.isEmpty() ? state : state + ": " + error,
                    (first, second) -> first.equals("up") ? second : first);
        }
        return health;
    }
}
