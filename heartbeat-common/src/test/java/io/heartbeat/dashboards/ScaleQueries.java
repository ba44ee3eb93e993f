package io.heartbeat.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.heartbeat.dashboards.QueryTimings.Timing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Times every SQL query Grafana sends for this project: each dashboard's variable queries and SQL panels over each
 * range, the panels once with every patient selected ("All", resolved to the variable query's rows over that range,
 * as Grafana resolves it) and once with one patient, and each SQL alert rule over its own range.
 */
final class ScaleQueries {

    private static final Logger logger = LoggerFactory.getLogger(ScaleQueries.class);

    /** The dashboard time ranges measured, all ending now. */
    static final List<Duration> RANGES = List.of(Duration.ofMinutes(15), Duration.ofHours(6), Duration.ofHours(24));

    /**
     * What PanelQueries sends for a panel without its own "Max data points"; a browser sends the panel's width in
     * pixels, about as much on a wide screen.
     */
    static final int MAX_DATA_POINTS = 1000;

    private ScaleQueries() {
    }

    static List<Measurement> measure(QueryTimings timings, Instant now) {
        List<Measurement> measured = new ArrayList<>();
        for (Duration range : RANGES) {
            for (JsonNode dashboard : GrafanaProvisioning.dashboards()) {
                measured.addAll(dashboard(timings, dashboard, now.minus(range), now, range));
            }
        }
        for (AlertRule rule : AlertRule.sql()) {
            Timing timing = timings.time(rule.sqlAt(now));
            measured.add(new Measurement("rule", rule.group(), rule.title(),
                    label(Duration.ofSeconds(rule.query().from() - rule.query().to())), "", "", timing));
        }
        return measured;
    }

    private static List<Measurement> dashboard(QueryTimings timings, JsonNode dashboard, Instant from, Instant to,
            Duration range) {
        String title = dashboard.path("title").asString();
        List<Measurement> measured = new ArrayList<>();
        Map<String, TemplateVariable> all = new HashMap<>();
        Map<String, TemplateVariable> one = new HashMap<>();
        for (DashboardTarget variable : DashboardTarget.of(dashboard)) {
            if (variable.isSql() && variable.panel().startsWith("$")) {
                Timing timing = timings.time(GrafanaSql.interpolate(variable.query(), from, to));
                measured.add(new Measurement("variable", title, variable.panel(), label(range), "", "", timing));
                String name = variable.panel().substring(1);
                JsonNode definition = definition(dashboard, name);
                boolean multi = definition.path("multi").asBoolean();
                boolean includeAll = definition.path("includeAll").asBoolean();
                all.put(name, new TemplateVariable(name, multi, includeAll, timing.firstColumn()));
                one.put(name, new TemplateVariable(name, multi, includeAll, timing.firstColumn().stream().limit(1)
                    .toList()));
            }
        }
        for (DashboardTarget target : DashboardTarget.of(dashboard)) {
            if (!target.isSql() || target.panel().startsWith("$")) {
                continue;
            }
            Duration interval = GrafanaInterval.of(range, target.dataPoints(MAX_DATA_POINTS),
                    PanelQueries.interval(target));
            String forAll = GrafanaSql.interpolate(target.query(), from, to, interval, all);
            String forOne = GrafanaSql.interpolate(target.query(), from, to, interval, one);
            String query = target.panel() + " / " + target.refId();
            String step = TemplateVariables.formatInterval(interval);
            if (forAll.equals(forOne)) {
                measured.add(new Measurement("panel", title, query, label(range), "", step, timings.time(forAll)));
            }
            else {
                measured.add(new Measurement("panel", title, query, label(range), "all", step, timings.time(forAll)));
                measured.add(new Measurement("panel", title, query, label(range), "one", step, timings.time(forOne)));
            }
        }
        return measured;
    }

    private static JsonNode definition(JsonNode dashboard, String name) {
        for (JsonNode variable : dashboard.path("templating").path("list").values()) {
            if (variable.path("name").asString().equals(name)) {
                return variable;
            }
        }
        throw new IllegalArgumentException("No variable " + name);
    }

    /** A range as the time picker writes it: {@code 15m}, {@code 6h}, {@code 24h}. */
    static String label(Duration range) {
        if (range.toSecondsPart() != 0 || range.isZero()) {
            return range.toSeconds() + "s";
        }
        return (range.toMinutesPart() != 0) ? range.toMinutes() + "m" : range.toHours() + "h";
    }

    /**
     * One timed query.
     *
     * @param kind {@code panel}, {@code variable} or {@code rule}
     * @param source the dashboard's title, or the rule's group
     * @param patients {@code all} or {@code one} for a panel that filters by the patient variable, else empty
     * @param interval the panel's {@code $__interval} over this range, empty for the others
     */
    record Measurement(String kind, String source, String query, String range, String patients, String interval,
            double medianMs, double maxMs, int runs, int rows) {

        Measurement(String kind, String source, String query, String range, String patients, String interval,
                Timing timing) {
            this(kind, source, query, range, patients, interval, timing.medianMs(), timing.maxMs(), timing.runs(),
                    timing.rows());
            logger.info("{} {} / {} over {} {}: median {} ms, max {} ms, {} rows", kind, source, query, range,
                    patients, ScaleReport.ms(timing.medianMs()), ScaleReport.ms(timing.maxMs()), timing.rows());
        }
    }
}
