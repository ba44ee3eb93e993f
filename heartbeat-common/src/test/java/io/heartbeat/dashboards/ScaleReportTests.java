package io.heartbeat.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.heartbeat.dashboards.ScaleQueries.Measurement;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ScaleReportTests {

    private static final String MONITORING = "Heartbeat Monitoring";

    private static final ScaleReport.Result RESULT = new ScaleReport.Result(2, 1, Instant.parse(
            "2026-11-25T10:00:00Z"), 7200, 1440, new SyntheticHistory.Loaded(7200, Duration.ofMillis(1500),
                    Duration.ofMillis(250)), 3_145_728, 1_048_576,
            List.of(new Measurement("variable", MONITORING, "$patient", "15m", "", "", 2.0, 3.0, 3, 2),
                    new Measurement("panel", MONITORING, "Total heartbeats / A", "15m", "", "5s", 10.0, 12.5, 3, 1),
                    new Measurement("panel", MONITORING, "Live / A", "15m", "all", "5s", 100.0, 150.25, 3, 360),
                    new Measurement("panel", MONITORING, "Live / A", "15m", "one", "5s", 50.0, 60.0, 3, 180),
                    new Measurement("panel", MONITORING, "Live / A", "6h", "all", "20s", 1234.5, 1500.0, 3, 2160),
                    new Measurement("rule", "pipeline", "No events stored", "1m", "", "", 4.0, 5.0, 3, 1),
                    new Measurement("rule", "patients", "Device silent", "10m", "", "", 6.0, 7.0, 3, 2)),
            Map.of("version", "16.15"), Map.of("cores", 2));

    @Test
    void jsonHoldsEveryFigure() {
        String json = JsonMapper.shared().writeValueAsString(ScaleReport.json(RESULT));

        assertThat(json).startsWith("{\"patients\":2,\"hours\":1,\"end\":\"2026-11-25T10:00:00Z\",\"readings\":7200,"
                + "\"alerts\":1440,\"load_seconds\":1.5,\"load_readings_per_s\":4800,\"vacuum_analyze_seconds\":0.3,"
                + "\"heartbeats_bytes\":3145728,\"heartbeat_alerts_bytes\":1048576,\"total_bytes\":4194304,"
                + "\"bytes_per_reading\":582.5,"
                + "\"refresh_15m\":{\"Heartbeat Monitoring\":{");
        assertThat(json).contains("\"panels_ms\":110.0", "\"with_variables_ms\":112.0", "\"rule_round_ms\":10.0,");
        assertThat(json).contains("{\"kind\":\"panel\",\"source\":\"Heartbeat Monitoring\",\"query\":\"Live / A\","
                + "\"range\":\"15m\",\"patients\":\"all\",\"interval\":\"5s\",\"median_ms\":100.0,\"max_ms\":150.3,"
                + "\"runs\":3,\"rows\":360}");
        assertThat(json).endsWith(",\"postgres\":{\"version\":\"16.15\"},\"machine\":{\"cores\":2}}");
    }

    @Test
    void markdownHasOneRowPerQueryAndPatientChoiceAndOneColumnPerRange() {
        assertThat(ScaleReport.markdown(RESULT).lines().toList()).containsExactly(
                "2 patients, 1 h of history (to 2026-11-25T10:00:00Z): 7,200 readings and 1,440 alerts, loaded in 2 s"
                        + " (4,800 readings/s), then VACUUM ANALYZE 0 s. On disk: heartbeats 3 MiB, heartbeat_alerts"
                        + " 1 MiB, 4 MiB in all: 583 bytes per reading.",
                "",
                "| query | patients | 15m median / max ms | 6h median / max ms | 24h median / max ms |",
                "|---|---|---:|---:|---:|",
                "| Heartbeat Monitoring / $patient | - | 2.0 / 3.0 |  |  |",
                "| Heartbeat Monitoring / Total heartbeats / A | - | 10.0 / 12.5 |  |  |",
                "| Heartbeat Monitoring / Live / A | all | 100 / 150 | 1235 / 1500 |  |",
                "| Heartbeat Monitoring / Live / A | one | 50.0 / 60.0 |  |  |",
                "",
                "One refresh of Heartbeat Monitoring over the last 15 minutes: 110 ms of panels, 112 ms with its"
                        + " variable queries.",
                "",
                "| rule | range | median ms | max ms |",
                "|---|---|---:|---:|",
                "| pipeline / No events stored | 1m | 4.0 | 5.0 |",
                "| patients / Device silent | 10m | 6.0 | 7.0 |",
                "",
                "One round of every rule: 10.0 ms.");
    }

    @Test
    void timingsTakeTheMedianAndTheMaximumOfTheTimedRuns() {
        assertThat(QueryTimings.Timing.of(List.of(5.0, 1.0, 3.0), List.of("a"))).isEqualTo(
                new QueryTimings.Timing(3.0, 5.0, 3, List.of("a")));
        assertThat(QueryTimings.Timing.of(List.of(4.0, 1.0, 3.0, 10.0), List.of())).isEqualTo(
                new QueryTimings.Timing(3.5, 10.0, 4, List.of()));
    }

    @Test
    void rangesAreLabelledAsTheTimePickerWritesThem() {
        assertThat(ScaleQueries.RANGES.stream().map(ScaleQueries::label)).containsExactly("15m", "6h", "24h");
        assertThat(ScaleQueries.label(Duration.ofSeconds(600))).isEqualTo("10m");
        assertThat(ScaleQueries.label(Duration.ofSeconds(90))).isEqualTo("90s");
    }
}
