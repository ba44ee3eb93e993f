package io.heartbeat.dashboards;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.heartbeat.testsupport.ProjectFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml hands Grafana and Prometheus the provisioning that exists here, and Grafana the environment
 * variables that provisioning reads.
 */
class ComposeMountsTests {

    static final String DASHBOARDS_IN_CONTAINER = "/var/lib/grafana/dashboards";

    private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)}");

    @Test
    void grafanaGetsTheProvisioningAndTheDashboardsReadOnly() {
        assertThat(volumes("grafana")).contains("./grafana/provisioning:/etc/grafana/provisioning:ro",
                "./grafana/dashboards:" + DASHBOARDS_IN_CONTAINER + ":ro");
        for (String folder : List.of("datasources", "dashboards", "alerting")) {
            assertThat(GrafanaProvisioning.PROVISIONING.resolve(folder)).isDirectory();
        }
    }

    @Test
    void prometheusGetsItsScrapeConfigReadOnly() {
        assertThat(volumes("prometheus")).contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    }

    @Test
    void everyMountedPathOfThisRepositoryExists() {
        for (String service : List.of("grafana", "prometheus")) {
            for (String volume : volumes(service)) {
                if (volume.startsWith("./")) {
                    Path source = ProjectFiles.resolve(volume.substring(2, volume.indexOf(':')));
                    assertThat(Files.exists(source)).as(volume).isTrue();
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanaHasEveryVariableItsProvisioningReads() {
        Set<String> read = new TreeSet<>();
        for (String folder : List.of("datasources", "dashboards", "alerting")) {
            for (Map<String, Object> file : GrafanaProvisioning.yamlFiles(folder)) {
                collectVariables(file, read);
            }
        }
        Map<String, Object> environment = (Map<String, Object>) service("grafana").get("environment");

        assertThat(read).containsExactly("ALERT_WEBHOOK_URL", "GRAFANA_READER_PASSWORD", "POSTGRES_DB");
        assertThat(environment).containsKeys(read.toArray(String[]::new));
    }

    /** The ${NAME} references in the values (not the comments) of a parsed YAML tree. */
    private static void collectVariables(Object node, Set<String> variables) {
        if (node instanceof Map<?, ?> map) {
            map.values().forEach((value) -> collectVariables(value, variables));
        }
        else if (node instanceof List<?> list) {
            list.forEach((value) -> collectVariables(value, variables));
        }
        else if (node instanceof String text) {
            Matcher matcher = ENVIRONMENT_VARIABLE.matcher(text);
            while (matcher.find()) {
                variables.add(matcher.group(1));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> volumes(String service) {
        return (List<String>) service(service).get("volumes");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) {
        Map<String, Object> compose = GrafanaProvisioning.yaml(ProjectFiles.resolve("docker-compose.yml"));
        return ((Map<String, Map<String, Object>>) compose.get("services")).get(name);
    }
}
