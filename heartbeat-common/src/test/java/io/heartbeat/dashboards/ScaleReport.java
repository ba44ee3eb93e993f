package io.heartbeat.dashboards;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.heartbeat.dashboards.ScaleQueries.Measurement;

/**
 * The scale benchmark's results as JSON (every figure, machine-readable) and as the markdown tables docs/scaling.md
 * quotes: median and max per query and range, a whole dashboard refresh, a whole round of rules, size on disk.
 */
final class ScaleReport {

    private static final String REFRESH_RANGE = "15m";

    private ScaleReport() {
    }

    static Map<String, Object> json(Result result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("patients", result.patients());
        json.put("hours", result.hours());
        json.put("end", result.end().toString());
        json.put("readings", result.readings());
        json.put("alerts", result.alerts());
        json.put("load_seconds", round(result.load().loading().toMillis() / 1000.0));
        json.put("load_readings_per_s", Math.round(result.load().readingsPerSecond()));
        json.put("vacuum_analyze_seconds", round(result.load().vacuum().toMillis() / 1000.0));
        json.put("heartbeats_bytes", result.heartbeatsBytes());
        json.put("heartbeat_alerts_bytes", result.alertsBytes());
        json.put("total_bytes", result.totalBytes());
        json.put("bytes_per_reading", round(result.bytesPerReading()));
        Map<String, Object> refresh = new LinkedHashMap<>();
        for (String dashboard : dashboards(result.measurements())) {
            Map<String, Object> cost = new LinkedHashMap<>();
            cost.put("panels_ms", round(refresh(result.measurements(), dashboard, false)));
            cost.put("with_variables_ms", round(refresh(result.measurements(), dashboard, true)));
            refresh.put(dashboard, cost);
        }
        json.put("refresh_15m", refresh);
        json.put("rule_round_ms", round(sum(result.measurements(), "rule")));
        List<Map<String, Object>> queries = new ArrayList<>();
        for (Measurement measurement : result.measurements()) {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("kind", measurement.kind());
            query.put("source", measurement.source());
            query.put("query", measurement.query());
            query.put("range", measurement.range());
            query.put("patients", measurement.patients());
            query.put("interval", measurement.interval());
            query.put("median_ms", round(measurement.medianMs()));
            query.put("max_ms", round(measurement.maxMs()));
            query.put("runs", measurement.runs());
            query.put("rows", measurement.rows());
            queries.add(query);
        }
        json.put("queries", queries);
        json.put("postgres", result.postgres());
        json.put("machine", result.machine());
        return json;
    }

    static String markdown(Result result) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%d patients, %d h of history (to %s): %,d readings and %,d alerts,"
                + " loaded in %.0f s (%,d readings/s), then VACUUM ANALYZE %.0f s. On disk: heartbeats %s,"
                + " heartbeat_alerts %s, %s in all: %.0f bytes per reading.%n%n", result.patients(), result.hours(),
                result.end(), result.readings(), result.alerts(), result.load().loading().toMillis() / 1000.0,
                Math.round(result.load().readingsPerSecond()), result.load().vacuum().toMillis() / 1000.0,
                size(result.heartbeatsBytes()), size(result.alertsBytes()), size(result.totalBytes()),
                result.bytesPerReading()));
        List<String> ranges = ScaleQueries.RANGES.stream().map(ScaleQueries::label).toList();
        md.append("| query | patients |");
        ranges.forEach((range) -> md.append(' ').append(range).append(" median / max ms |"));
        md.append(System.lineSeparator()).append("|---|---|");
        ranges.forEach((range) -> md.append("---:|"));
        md.append(System.lineSeparator());
        Map<String, Map<String, Measurement>> rows = new LinkedHashMap<>();
        for (Measurement measurement : result.measurements()) {
            if (!measurement.kind().equals("rule")) {
                String key = measurement.source() + " / " + measurement.query() + " | "
                        + (measurement.patients().isEmpty() ? "-" : measurement.patients());
                rows.computeIfAbsent(key, (ignored) -> new LinkedHashMap<>()).put(measurement.range(), measurement);
            }
        }
        rows.forEach((key, byRange) -> {
            md.append("| ").append(key).append(" |");
            ranges.forEach((range) -> md.append(' ').append(cell(byRange.get(range))).append(" |"));
            md.append(System.lineSeparator());
        });
        md.append(System.lineSeparator());
        for (String dashboard : dashboards(result.measurements())) {
            md.append(String.format(Locale.ROOT, "One refresh of %s over the last 15 minutes: %s ms of panels, %s ms"
                    + " with its variable queries.%n", dashboard, ms(refresh(result.measurements(), dashboard, false)),
                    ms(refresh(result.measurements(), dashboard, true))));
        }
        md.append(System.lineSeparator()).append("| rule | range | median ms | max ms |").append(System.lineSeparator())
            .append("|---|---|---:|---:|").append(System.lineSeparator());
        for (Measurement rule : result.measurements()) {
            if (rule.kind().equals("rule")) {
                md.append(String.format(Locale.ROOT, "| %s / %s | %s | %s | %s |%n", rule.source(), rule.query(),
                        rule.range(), ms(rule.medianMs()), ms(rule.maxMs())));
            }
        }
        md.append(String.format(Locale.ROOT, "%nOne round of every rule: %s ms.%n",
                ms(sum(result.measurements(), "rule"))));
        return md.toString();
    }

    /** The medians of one dashboard's panels over 15 minutes with every patient, and its variables if asked. */
    private static double refresh(List<Measurement> measurements, String dashboard, boolean withVariables) {
        return measurements.stream()
            .filter((m) -> m.source().equals(dashboard) && m.range().equals(REFRESH_RANGE))
            .filter((m) -> (m.kind().equals("panel") && !m.patients().equals("one"))
                    || (withVariables && m.kind().equals("variable")))
            .mapToDouble(Measurement::medianMs)
            .sum();
    }

    private static double sum(List<Measurement> measurements, String kind) {
        return measurements.stream().filter((m) -> m.kind().equals(kind)).mapToDouble(Measurement::medianMs).sum();
    }

    private static List<String> dashboards(List<Measurement> measurements) {
        return measurements.stream().filter((m) -> !m.kind().equals("rule")).map(Measurement::source).distinct()
            .toList();
    }

    private static String cell(Measurement measurement) {
        return (measurement == null) ? "" : ms(measurement.medianMs()) + " / " + ms(measurement.maxMs());
    }

    /** Milliseconds: one decimal below 100, whole above. */
    static String ms(double millis) {
        return (millis < 100) ? String.format(Locale.ROOT, "%.1f", millis) : String.format(Locale.ROOT, "%.0f", millis);
    }

    static String size(long bytes) {
        return (bytes >= 1L << 30) ? String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /** Everything one run measured. */
    record Result(int patients, int hours, Instant end, long readings, long alerts, SyntheticHistory.Loaded load,
            long heartbeatsBytes, long alertsBytes, List<Measurement> measurements, Map<String, Object> postgres,
            Map<String, Object> machine) {

        long totalBytes() {
            return this.heartbeatsBytes + this.alertsBytes;
        }

        double bytesPerReading() {
            return this.totalBytes() / (double) this.readings;
        }
    }
}
