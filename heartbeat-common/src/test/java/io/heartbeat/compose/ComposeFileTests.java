package io.heartbeat.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.heartbeat.testsupport.ProjectFiles;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml survives a restart and a busy host: every service restarts by itself, has a healthcheck that
 * the services after it wait for, and publishes its port on a host port that .env can move. Checks that mirror
 * Docker Compose's own validation name compose-spec's schema/compose-spec.json (and spec.md where the schema only
 * describes the values).
 */
class ComposeFileTests {

    private static final Set<String> SERVICES = Set.of("kafka", "postgres", "consumer", "producer", "prometheus",
            "grafana");

    /** compose-spec.json, definitions.healthcheck.properties (additionalProperties: false). */
    private static final Set<String> HEALTHCHECK_FIELDS = Set.of("disable", "interval", "retries", "test",
            "timeout", "start_period", "start_interval");

    /** compose-spec.json, depends_on: condition's enum. */
    private static final Set<String> CONDITIONS = Set.of("service_started", "service_healthy",
            "service_completed_successfully");

    /** compose-spec.json, service.restart's description; spec.md adds on-failure[:max-retries]. */
    private static final Pattern RESTART = Pattern.compile("no|always|on-failure(:\\d+)?|unless-stopped");

    /** Go's time.ParseDuration, which compose uses for the healthcheck's durations. */
    private static final Pattern DURATION = Pattern.compile("(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+");

    /** The short port syntax [HOST:]CONTAINER (compose-spec.json, ports), with HOST as ${VAR:-default}. */
    private static final Pattern PUBLISHED_PORT = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*):-(\\d+)}:(\\d+)");

    private static final Pattern DEFAULTED_VARIABLE = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*):-([^}]*)}");

    @Test
    void everyServiceRestartsUnlessStopped() {
        assertThat(services().keySet()).containsExactlyInAnyOrderElementsOf(SERVICES);
        services().forEach((name, service) -> {
            assertThat(service.get("restart")).as(name).isEqualTo("unless-stopped");
            assertThat((String) service.get("restart")).as(name).matches(RESTART);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceHasAHealthcheckComposeAccepts() {
        services().forEach((name, service) -> {
            Map<String, Object> healthcheck = (Map<String, Object>) service.get("healthcheck");
            assertThat(healthcheck).as(name).isNotNull();
            assertThat(HEALTHCHECK_FIELDS).as(name).containsAll(healthcheck.keySet());
            List<String> test = (List<String>) healthcheck.get("test");
            // compose-spec.json, healthcheck.test: the first item is NONE, CMD or CMD-SHELL; NONE would disable it
            assertThat(test.get(0)).as(name).isIn("CMD", "CMD-SHELL");
            assertThat(test).as(name).hasSizeGreaterThan(1);
            for (String duration : List.of("interval", "timeout", "start_period")) {
                if (healthcheck.containsKey(duration)) {
                    assertThat((String) healthcheck.get(duration)).as(name + " " + duration).matches(DURATION);
                }
            }
            assertThat(healthcheck.get("retries")).as(name).isInstanceOf(Integer.class);
        });
    }

    @Test
    void grafanaAndPrometheusAreCheckedWithWhatTheirImagesContain() {
        // grafana/grafana installs curl (its Dockerfile); prom/prometheus is busybox, which has wget and no curl
        assertThat(healthcheckTest("grafana"))
            .containsExactly("CMD", "curl", "-fsS", "-o", "/dev/null", "http://localhost:3000/api/health");
        assertThat(healthcheckTest("prometheus"))
            .containsExactly("CMD", "wget", "-q", "-O", "/dev/null", "http://localhost:9090/-/ready");
    }

    @Test
    @SuppressWarnings("unchecked")
    void servicesWaitOnlyForHealthchecksThatExist() {
        Map<String, Map<String, Object>> services = services();
        services.forEach((name, service) -> {
            Map<String, Map<String, Object>> dependsOn = (Map<String, Map<String, Object>>) service
                .getOrDefault("depends_on", Map.of());
            dependsOn.forEach((dependency, settings) -> {
                assertThat(services).as(name + " -> " + dependency).containsKey(dependency);
                assertThat(CONDITIONS).as(name + " -> " + dependency).contains((String) settings.get("condition"));
                if ("service_healthy".equals(settings.get("condition"))) {
                    assertThat(services.get(dependency)).as(name + " -> " + dependency).containsKey("healthcheck");
                }
            });
        });
        assertThat(dependencies("grafana")).containsExactlyInAnyOrderEntriesOf(Map.of("postgres",
                "service_healthy", "consumer", "service_healthy", "prometheus", "service_healthy"));
    }

    @Test
    void everyHostPortComesFromEnvExampleWithTodaysDefault() throws IOException {
        Map<String, String> published = new LinkedHashMap<>();
        services().forEach((name, service) -> {
            @SuppressWarnings("unchecked")
            List<String> ports = (List<String>) service.getOrDefault("ports", List.of());
            for (String port : ports) {
                Matcher matcher = PUBLISHED_PORT.matcher(port);
                assertThat(matcher.matches()).as(name + ": " + port).isTrue();
                published.put(matcher.group(1), matcher.group(2) + ":" + matcher.group(3));
            }
        });

        assertThat(published).containsExactlyInAnyOrderEntriesOf(Map.of("KAFKA_HOST_PORT", "9092:9092",
                "POSTGRES_HOST_PORT", "5432:5432", "CONSUMER_HOST_PORT", "8082:8082", "PRODUCER_HOST_PORT",
                "8081:8081", "PROMETHEUS_HOST_PORT", "9090:9090", "GRAFANA_HOST_PORT", "3000:3000"));
        Map<String, String> example = envExample();
        published.forEach((variable, mapping) -> assertThat(example).as(variable)
            .containsEntry(variable, mapping.substring(0, mapping.indexOf(':'))));
    }

    /**
     * The stack keeps every day by default, and a batch's transaction locks each day kept (docs/consumer.md,
     * "Partitions and retention"): compose's PostgreSQL starts with a lock table for years of them, not its default 64.
     * Held to the rules of what reads it: compose-spec.json's {@code command} (a string or a list of strings); the
     * image's docker-entrypoint.sh, which initialises the data directory, creates POSTGRES_USER and POSTGRES_DB and
     * drops root only when the first word is {@code postgres} (or a flag, before which it puts {@code postgres});
     * PostgreSQL's guc_tables.c, where max_locks_per_transaction is a postmaster setting (hence a flag, not
     * {@code ALTER SYSTEM}) from 10 to INT_MAX.
     */
    @Test
    @SuppressWarnings("unchecked")
    void postgresStartsWithALockTableForYearsOfDayPartitions() throws IOException {
        List<Object> command = (List<Object>) services().get("postgres").get("command");

        assertThat(command).allSatisfy((word) -> assertThat(word).isInstanceOf(String.class));
        assertThat(command).isEqualTo(List.of("postgres", "-c",
                "max_locks_per_transaction=${POSTGRES_MAX_LOCKS_PER_TRANSACTION:-1024}"));
        String value = envExample().get("POSTGRES_MAX_LOCKS_PER_TRANSACTION");
        assertThat(value).isEqualTo("1024");
        assertThat(Long.parseLong(value)).isBetween(10L, (long) Integer.MAX_VALUE);
    }

    @Test
    void kafkaAdvertisesTheHostPortItPublishes() {
        @SuppressWarnings("unchecked")
        Map<String, Object> environment = (Map<String, Object>) services().get("kafka").get("environment");

        assertThat((String) environment.get("KAFKA_ADVERTISED_LISTENERS"))
            .isEqualTo("INTERNAL://kafka:19092,EXTERNAL://localhost:${KAFKA_HOST_PORT:-9092}");
        // inside the container the EXTERNAL address is the host's port, so the healthcheck bootstraps INTERNAL
        assertThat(healthcheckTest("kafka").get(1)).contains("--bootstrap-server kafka:19092 ");
    }

    @Test
    void readmeTellsWhichVariableMovesEachHostPort() throws IOException {
        String readme = Files.readString(ProjectFiles.resolve("README.md"));
        String compose = readme.substring(readme.indexOf("## Run with Docker Compose"));

        for (String variable : List.of("KAFKA_HOST_PORT", "POSTGRES_HOST_PORT", "CONSUMER_HOST_PORT",
                "PRODUCER_HOST_PORT", "PROMETHEUS_HOST_PORT", "GRAFANA_HOST_PORT")) {
            assertThat(compose).as(variable).contains("`" + variable);
        }
    }

    @Test
    void composeDefaultsMatchEnvExample() throws IOException {
        String compose = Files.readString(ProjectFiles.resolve("docker-compose.yml"));
        Map<String, String> example = envExample();

        Matcher matcher = DEFAULTED_VARIABLE.matcher(compose);
        int compared = 0;
        while (matcher.find()) {
            if (example.containsKey(matcher.group(1))) {
                assertThat(matcher.group(2)).as(matcher.group(1)).isEqualTo(example.get(matcher.group(1)));
                compared++;
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(40);
    }

    /**
     * A variable .env.example documents reaches the services under compose; three name where the servers are, which
     * inside compose's network is fixed (the service names), not the host's view that .env.example gives.
     */
    @Test
    void composePassesEveryVariableEnvExampleDocuments() throws IOException {
        String compose = Files.readString(ProjectFiles.resolve("docker-compose.yml"));
        Set<String> fixedInsideCompose = Set.of("POSTGRES_HOST", "POSTGRES_PORT", "KAFKA_BROKER");

        assertThat(envExample().keySet()).filteredOn((variable) -> !fixedInsideCompose.contains(variable))
            .hasSizeGreaterThanOrEqualTo(50)
            .allSatisfy((variable) -> assertThat(compose).as(variable).containsPattern("\\$\\{" + variable + "[:}]"));
        assertThat(fixedInsideCompose).allSatisfy((variable) -> assertThat(compose).contains("  " + variable + ": "));
    }

    @SuppressWarnings("unchecked")
    private static List<String> healthcheckTest(String service) {
        return (List<String>) ((Map<String, Object>) services().get(service).get("healthcheck")).get("test");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> dependencies(String service) {
        Map<String, String> conditions = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) services().get(service).get("depends_on"))
            .forEach((name, settings) -> conditions.put(name, (String) settings.get("condition")));
        return conditions;
    }

    /** The assignments of .env.example, by name. */
    static Map<String, String> envExample() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ProjectFiles.resolve(".env.example"))) {
            if (!line.startsWith("#") && line.contains("=")) {
                values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return values;
    }

    /**
     * The default stack: the services without a profile, which {@code docker compose up} starts (compose-spec's
     * spec.md, "profiles"); CitusProfileTests holds those of the profile citus.
     */
    private static Map<String, Map<String, Object>> services() {
        Map<String, Map<String, Object>> services = new LinkedHashMap<>(allServices());
        services.values().removeIf((service) -> service.containsKey("profiles"));
        return services;
    }

    /** Every service of docker-compose.yml, the profiles' too. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> allServices() {
        Map<String, Object> compose;
        try {
            compose = new Yaml().load(Files.readString(ProjectFiles.resolve("docker-compose.yml")));
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        return (Map<String, Map<String, Object>>) compose.get("services");
    }
}
