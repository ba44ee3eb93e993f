package io.heartbeat.compose;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.heartbeat.testsupport.ProjectFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml's profile {@code citus} (docs/scaling.md, "Past one machine") agrees with the rest of the
 * file and with db/citus: no Docker engine runs here, so this is what is checked of it. Rules that mirror compose
 * name compose-spec's spec.md; those that mirror Citus name its documentation.
 */
class CitusProfileTests {

    private static final String IMAGE = "citusdata/citus:13.0.3";

    private static final List<String> NODES = List.of("citus-coordinator", "citus-worker-1", "citus-worker-2");

    @Test
    void theProfileHoldsACoordinatorTwoWorkersTheirRegistrationAndAConsumer() {
        assertThat(profile().keySet()).containsExactly("citus-coordinator", "citus-worker-1", "citus-worker-2",
                "citus-nodes", "citus-consumer");
        // spec.md, profiles: a service with a profile starts only when its profile is enabled
        profile().forEach((name, service) -> assertThat(service.get("profiles")).as(name).isEqualTo(List.of("citus")));
    }

    /**
     * Every node runs the same image and has the database, user and password the consumer connects with: Citus
     * creates each shard in the database of the same name on a worker, and connects to it as the same user.
     */
    @Test
    void everyNodeHasTheConsumersDatabaseAndUser() {
        Map<String, Object> postgres = environment("postgres");
        for (String node : NODES) {
            Map<String, Object> service = profile().get(node);
            assertThat(service.get("image")).as(node).isEqualTo(IMAGE);
            assertThat(service.get("restart")).as(node).isEqualTo("unless-stopped");
            assertThat(service).as(node).containsKey("healthcheck");
            Map<String, Object> environment = environment(node);
            for (String variable : List.of("POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB")) {
                assertThat(environment.get(variable)).as(node + " " + variable).isEqualTo(postgres.get(variable));
            }
            assertThat(environment.get("PGPASSWORD")).as(node).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
        }
    }

    /** The consumer of the profile is the default one, pointed at the coordinator, in a group of its own. */
    @Test
    void theConsumerWritesToTheCoordinatorInAGroupOfItsOwn() {
        Map<String, Object> consumer = environment("consumer");
        Map<String, Object> citus = environment("citus-consumer");

        assertThat(citus.get("POSTGRES_HOST")).isEqualTo("citus-coordinator");
        assertThat(citus.get("CONSUMER_GROUP_ID")).isEqualTo(consumer.get("CONSUMER_GROUP_ID") + "-citus");
        assertThat(citus.get("CONSUMER_INSTANCE_ID")).isNotEqualTo(consumer.get("CONSUMER_INSTANCE_ID"));
        Map<String, Object> rest = new LinkedHashMap<>(citus);
        List.of("POSTGRES_HOST", "CONSUMER_GROUP_ID", "CONSUMER_INSTANCE_ID").forEach(rest::remove);
        Map<String, Object> defaults = new LinkedHashMap<>(consumer);
        List.of("POSTGRES_HOST", "CONSUMER_GROUP_ID", "CONSUMER_INSTANCE_ID").forEach(defaults::remove);
        assertThat(rest).isEqualTo(defaults);
        assertThat(profile().get("citus-consumer").get("build")).isEqualTo(ComposeFileTests.allServices()
            .get("consumer").get("build"));
    }

    /** spec.md, depends_on: service_completed_successfully waits for a one-shot to exit with 0. */
    @Test
    void theConsumerStartsOnceTheWorkersAreRegistered() {
        assertThat(dependsOn("citus-nodes")).containsExactlyInAnyOrderEntriesOf(Map.of("citus-coordinator",
                "service_healthy", "citus-worker-1", "service_healthy", "citus-worker-2", "service_healthy"));
        assertThat(dependsOn("citus-consumer")).containsExactlyInAnyOrderEntriesOf(Map.of("kafka",
                "service_healthy", "citus-nodes", "service_completed_successfully"));
        // A one-shot that restarted unless stopped would run again each time it exits and never complete.
        assertThat(profile().get("citus-nodes").get("restart")).isEqualTo("on-failure");
    }

    /** The registration script the one-shot runs is mounted from db/citus and names the profile's workers. */
    @Test
    @SuppressWarnings("unchecked")
    void theRegistrationNamesTheProfilesWorkers() throws Exception {
        assertThat((List<String>) profile().get("citus-nodes").get("volumes")).containsExactly("./db/citus:/citus:ro");
        assertThat(String.join(" ", (List<String>) profile().get("citus-nodes").get("command")))
            .contains("-h citus-coordinator", "-f /citus/nodes.sql");
        String nodes = Files.readString(ProjectFiles.resolve("db/citus/nodes.sql"));

        assertThat(nodes).contains("citus_set_coordinator_host('citus-coordinator', 5432)",
                "citus_add_node('citus-worker-1', 5432)", "citus_add_node('citus-worker-2', 5432)");
    }

    private static Map<String, Map<String, Object>> profile() {
        Map<String, Map<String, Object>> services = new LinkedHashMap<>(ComposeFileTests.allServices());
        services.values().removeIf((service) -> !service.containsKey("profiles"));
        return services;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String service) {
        return (Map<String, Object>) ComposeFileTests.allServices().get(service).get("environment");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> dependsOn(String service) {
        Map<String, String> conditions = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) profile().get(service).get("depends_on"))
            .forEach((name, settings) -> conditions.put(name, (String) settings.get("condition")));
        return conditions;
    }
}
