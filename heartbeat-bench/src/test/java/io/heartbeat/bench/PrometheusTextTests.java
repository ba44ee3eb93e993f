package io.heartbeat.bench;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTests {

    @Test
    void readsEverySampleWithItsLabelsAndSkipsComments() {
        List<PrometheusText.Sample> samples = PrometheusText.parse("""
                # HELP heartbeat_events_stored_total Rows inserted into heartbeats, counted after commit
                # TYPE heartbeat_events_stored_total counter
                heartbeat_events_stored_total{status="corrupted"} 3.0
                heartbeat_events_stored_total{status="valid"} 1200.0

                heartbeat_events_latency_seconds_bucket{le="0.024"} 17
                heartbeat_events_latency_seconds_bucket{le="+Inf"} 20
                process_uptime_seconds 12.5
                odd_labels{path="/a \\"quoted\\" one",b="x,y"} 1e3
                """);

        assertThat(samples).containsExactly(
                new PrometheusText.Sample("heartbeat_events_stored_total", Map.of("status", "corrupted"), 3),
                new PrometheusText.Sample("heartbeat_events_stored_total", Map.of("status", "valid"), 1200),
                new PrometheusText.Sample("heartbeat_events_latency_seconds_bucket", Map.of("le", "0.024"), 17),
                new PrometheusText.Sample("heartbeat_events_latency_seconds_bucket", Map.of("le", "+Inf"), 20),
                new PrometheusText.Sample("process_uptime_seconds", Map.of(), 12.5),
                new PrometheusText.Sample("odd_labels", Map.of("path", "/a \"quoted\" one", "b", "x,y"), 1000));
    }
}
