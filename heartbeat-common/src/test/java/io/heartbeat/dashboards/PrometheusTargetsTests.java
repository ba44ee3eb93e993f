package io.heartbeat.dashboards;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading Prometheus' targets API (prometheus-targets.json).
 */
class PrometheusTargetsTests {

    @Test
    void bothJobsUp() {
        assertThat(PrometheusTargets.healthByJob(QueryDataResponseTests.sample("prometheus-targets.json")
            .path("bothUp"))).containsExactlyInAnyOrderEntriesOf(Map.of("consumer", "up", "producer", "up"));
    }

    @Test
    void aDownTargetCarriesItsScrapeError() {
        assertThat(PrometheusTargets.healthByJob(QueryDataResponseTests.sample("prometheus-targets.json")
            .path("producerDown"))).containsExactlyInAnyOrderEntriesOf(Map.of("consumer", "up", "producer",
                    "down: Get \"http://producer:8081/actuator/prometheus\": dial tcp: lookup producer on"
                            + " 127.0.0.11:53: no such host"));
    }
}
