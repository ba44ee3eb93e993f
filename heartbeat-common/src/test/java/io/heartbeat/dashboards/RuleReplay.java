package io.heartbeat.dashboards;

import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

/**
 * Replays Grafana's evaluations of one PostgreSQL alert rule over stored data: at every tick of the rule's group
 * interval in a span of (simulated) time, its query with the macros expanded for that tick, run as the reader, then
 * reduce and threshold ({@link AlertEvaluation}) and the instance states ({@link AlertInstances}).
 */
public final class RuleReplay {

    private RuleReplay() {
    }

    /** When each instance started firing, evaluated at {@code first} and every interval after, up to {@code last}. */
    public static List<AlertInstances.Firing> firings(AlertRule rule, DataSource reader, Instant first,
            Instant last) {
        AlertInstances instances = new AlertInstances(rule);
        for (Instant tick = first; !tick.isAfter(last); tick = tick.plus(rule.interval())) {
            instances.evaluate(tick, AlertEvaluation.evaluate(rule, QueryResult.run(reader, rule.sqlAt(tick))));
        }
        return instances.firings();
    }
}
