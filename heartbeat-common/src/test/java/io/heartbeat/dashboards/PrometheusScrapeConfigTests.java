package io.heartbeat.dashboards;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import io.heartbeat.testsupport.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * prometheus/prometheus.yml scrapes both services where they publish Micrometer's registry, under the job names
 * the dashboards and the consumer-lag rule select. (prometheus/check.sh validates the whole file with promtool.)
 */
class PrometheusScrapeConfigTests {

    @Test
    @SuppressWarnings("unchecked")
    void scrapesProducerAndConsumerActuatorEndpoints() throws IOException {
        String file = Files.readString(ProjectFiles.resolve("prometheus/prometheus.yml"));
        Map<String, Object> config = new Yaml().load(file);
        List<String> jobs = ((List<Map<String, Object>>) config.get("scrape_configs")).stream()
            .map((job) -> job.get("job_name") + " " + job.get("metrics_path") + " "
                    + ((List<Map<String, Object>>) job.get("static_configs")).get(0).get("targets"))
            .toList();

        assertThat(jobs).containsExactly("producer /actuator/prometheus [producer:8081]",
                "consumer /actuator/prometheus [consumer:8082]");
        assertThat((Map<String, Object>) config.get("global")).containsEntry("scrape_interval", "5s");
    }
}
