package io.heartbeat.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The states of one rule's alert instances across its evaluations, as Grafana keeps them
 * (pkg/services/ngalert/state): an instance whose condition holds goes Pending, and Alerting (it fires) at the first
 * evaluation at least the pending period ({@code for}) after that, at once when the period is zero. It is Normal
 * again when the condition no longer holds, or when it has been missing from the results for two evaluations
 * (MissingSeries). An empty result is NoData: with {@code noDataState} Alerting or NoData it counts as a firing
 * condition of the instance without labels.
 */
public final class AlertInstances {

    // Grafana resolves an instance missing from this many evaluations in a row.
    private static final int MISSING_EVALUATIONS_TO_RESOLVE = 2;

    private final AlertRule rule;

    private final Map<Map<String, String>, Instance> instances = new HashMap<>();

    private final List<Firing> firings = new ArrayList<>();

    public AlertInstances(AlertRule rule) {
        this.rule = rule;
    }

    /** Applies one evaluation: each instance's condition, by label set, as {@link AlertEvaluation} gives them. */
    public void evaluate(Instant at, Map<Map<String, String>, Boolean> conditions) {
        Map<Map<String, String>, Boolean> results = conditions;
        if (results.isEmpty() && !"OK".equals(this.rule.noDataState())) {
            results = Map.of(Map.of(), true);
        }
        results.forEach((labels, holds) -> update(labels, holds, at));
        Duration missingFor = this.rule.interval().multipliedBy(MISSING_EVALUATIONS_TO_RESOLVE);
        this.instances.values().removeIf((instance) -> !instance.lastEvaluated.plus(missingFor).isAfter(at));
    }

    /** Every transition to Alerting so far, in order. */
    public List<Firing> firings() {
        return List.copyOf(this.firings);
    }

    private void update(Map<String, String> labels, boolean holds, Instant at) {
        if (!holds) {
            this.instances.remove(labels);
            return;
        }
        Instance instance = this.instances.computeIfAbsent(labels, (key) -> new Instance(at));
        instance.lastEvaluated = at;
        if (!instance.alerting && !at.isBefore(instance.pendingSince.plus(this.rule.pendingPeriod()))) {
            instance.alerting = true;
            this.firings.add(new Firing(labels, at));
        }
    }

    /** An instance of the rule started firing. */
    public record Firing(Map<String, String> labels, Instant at) {
    }

    // Pending or Alerting; Normal instances are not kept.
    private static final class Instance {

        private final Instant pendingSince;

        private Instant lastEvaluated;

        private boolean alerting;

        private Instance(Instant pendingSince) {
            this.pendingSince = pendingSince;
        }
    }
}
