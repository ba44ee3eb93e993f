package io.heartbeat.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.heartbeat.testsupport.ProjectFiles;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files docker compose mounts into Grafana: provisioning (datasources, dashboard providers, alerting) and the
 * dashboards, parsed as Grafana reads them (JSON dashboards, YAML provisioning).
 */
final class GrafanaProvisioning {

    static final Path GRAFANA = ProjectFiles.resolve("grafana");

    static final Path PROVISIONING = GRAFANA.resolve("provisioning");

    static final Path DASHBOARDS = GRAFANA.resolve("dashboards");

    private GrafanaProvisioning() {
    }

    /** Every dashboard JSON, by file name. */
    static List<JsonNode> dashboards() {
        return files(DASHBOARDS, ".json").stream().map((file) -> JsonMapper.shared().readTree(read(file))).toList();
    }

    static JsonNode dashboard(String uid) {
        return dashboards().stream()
            .filter((dashboard) -> dashboard.path("uid").asString().equals(uid))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("No dashboard " + uid));
    }

    /** The provisioning YAML files of one folder (datasources, dashboards, alerting), parsed. */
    static List<Map<String, Object>> yamlFiles(String folder) {
        return files(PROVISIONING.resolve(folder), ".yml", ".yaml").stream().map(GrafanaProvisioning::yaml).toList();
    }

    /** Every entry of a top-level list ({@code datasources}, {@code groups}, ...) across one folder's files. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> entries(String folder, String key) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Map<String, Object> file : yamlFiles(folder)) {
            entries.addAll((List<Map<String, Object>>) file.getOrDefault(key, List.of()));
        }
        return entries;
    }

    static Map<String, Object> yaml(Path file) {
        return new Yaml().load(read(file));
    }

    /** The files of a folder whose names end with one of the suffixes, sorted. */
    static List<Path> files(Path folder, String... suffixes) {
        try (Stream<Path> paths = Files.list(folder)) {
            return paths.filter((path) -> Arrays.stream(suffixes).anyMatch(path.getFileName().toString()::endsWith))
                .sorted()
                .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
