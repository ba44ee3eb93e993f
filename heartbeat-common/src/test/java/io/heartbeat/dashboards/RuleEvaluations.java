package io.heartbeat.dashboards;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The evaluations of Grafana's alert rules seen by polling {@code /api/prometheus/grafana/api/v1/rules}. Each answer
 * gives a rule's latest evaluation only, so distinct {@code lastEvaluation} times seen across polls count its
 * evaluations. Field meanings follow Grafana's pkg/services/ngalert/api/tooling/definitions/prom.go (RuleResponse,
 * RuleGroup, AlertingRule, Rule) and how pkg/services/ngalert/api/prometheus/api_prometheus.go fills them:
 * {@code health} is {@code ok}, {@code nodata} or {@code error} (with {@code lastError}), and {@code lastEvaluation}
 * is Go's zero time until the rule has been evaluated.
 */
final class RuleEvaluations {

    private static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");

    private final Map<String, Set<Instant>> evaluations = new LinkedHashMap<>();

    private final List<String> errors = new ArrayList<>();

    /** Takes in one answer of the rules API. */
    void record(JsonNode response) {
        if (!"success".equals(response.path("status").asString())) {
            throw new IllegalStateException("Rules API answered " + response);
        }
        for (JsonNode group : response.at("/data/groups").values()) {
            for (JsonNode rule : group.path("rules").values()) {
                String title = rule.path("name").asString();
                Set<Instant> seen = this.evaluations.computeIfAbsent(title, (name) -> new LinkedHashSet<>());
                Instant last = Instant.parse(rule.path("lastEvaluation").asString(NEVER.toString()));
                if (!last.equals(NEVER)) {
                    seen.add(last);
                }
                String health = rule.path("health").asString();
                String lastError = rule.path("lastError").asString("");
                if ("error".equals(health) || !lastError.isEmpty()) {
                    this.errors.add(group.path("name").asString() + " / " + title + " at " + last + ": health "
                            + health + ", " + lastError);
                }
            }
        }
    }

    /** How many distinct evaluations of each rule were seen, by title. */
    Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        this.evaluations.forEach((title, seen) -> counts.put(title, seen.size()));
        return counts;
    }

    /** Every rule of {@code titles} that was seen evaluated fewer than {@code times} times. */
    List<String> evaluatedFewerThan(int times, List<String> titles) {
        return titles.stream().filter((title) -> counts().getOrDefault(title, 0) < times).toList();
    }

    /** Each evaluation in an error state that was seen, described. */
    List<String> errors() {
        return List.copyOf(this.errors);
    }
}
