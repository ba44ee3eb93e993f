package io.heartbeat.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.heartbeat.testsupport.ProjectFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything under {@code grafana/}, parsed as Grafana reads it, by path relative to {@code grafana/}, with the
 * environment docker compose gives the Grafana container. The maps are fresh and mutable, so a test can change a
 * copy into a variant Grafana would refuse.
 *
 * @param datasources {@code provisioning/datasources/*.yml}
 * @param dashboardProviders {@code provisioning/dashboards/*.yml}
 * @param alerting {@code provisioning/alerting/*.yml}
 * @param dashboards {@code dashboards/*.json}
 * @param environment what {@code ${NAME}} expands to (compose's defaults for the Grafana service)
 */
record GrafanaFiles(Map<String, Map<String, Object>> datasources, Map<String, Map<String, Object>> dashboardProviders,
        Map<String, Map<String, Object>> alerting, Map<String, JsonNode> dashboards, Map<String, String> environment) {

    // ${NAME:-default} and ${NAME-default} in docker-compose.yml: compose substitutes the default when unset
    private static final Pattern COMPOSE_DEFAULT = Pattern.compile("\\$\\{[A-Z0-9_]+:?-([^}]*)}");

    /** The files of this checkout. */
    static GrafanaFiles load() {
        return new GrafanaFiles(yamls("provisioning/datasources"), yamls("provisioning/dashboards"),
                yamls("provisioning/alerting"), dashboardJsons(), composeEnvironment());
    }

    /** Every file under {@code grafana/}, relative to it, that {@link #load()} reads. */
    List<String> paths() {
        return Stream.of(this.datasources.keySet(), this.dashboardProviders.keySet(), this.alerting.keySet(),
                this.dashboards.keySet()).flatMap((paths) -> paths.stream()).sorted().toList();
    }

    /** Every regular file under {@code grafana/}, relative to it. */
    static List<String> allFilesOnDisk() {
        try (Stream<Path> paths = Files.walk(GrafanaProvisioning.GRAFANA)) {
            return paths.filter(Files::isRegularFile)
                .map((path) -> GrafanaProvisioning.GRAFANA.relativize(path).toString().replace('\\', '/'))
                .sorted()
                .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Map<String, Map<String, Object>> yamls(String folder) {
        Map<String, Map<String, Object>> files = new LinkedHashMap<>();
        for (Path file : GrafanaProvisioning.files(GrafanaProvisioning.GRAFANA.resolve(folder), ".yml", ".yaml")) {
            files.put(folder + "/" + file.getFileName(), GrafanaProvisioning.yaml(file));
        }
        return files;
    }

    private static Map<String, JsonNode> dashboardJsons() {
        Map<String, JsonNode> files = new LinkedHashMap<>();
        for (Path file : GrafanaProvisioning.files(GrafanaProvisioning.DASHBOARDS, ".json")) {
            files.put("dashboards/" + file.getFileName(),
                    JsonMapper.shared().readTree(GrafanaProvisioning.read(file)));
        }
        return files;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> composeEnvironment() {
        Map<String, Object> compose = GrafanaProvisioning.yaml(ProjectFiles.resolve("docker-compose.yml"));
        Map<String, Object> grafana = ((Map<String, Map<String, Object>>) compose.get("services")).get("grafana");
        Map<String, String> environment = new LinkedHashMap<>();
        ((Map<String, Object>) grafana.getOrDefault("environment", Map.of())).forEach((name, value) -> {
            Matcher matcher = COMPOSE_DEFAULT.matcher(String.valueOf(value));
            environment.put(name, matcher.matches() ? matcher.group(1) : String.valueOf(value));
        });
        return environment;
    }
}
