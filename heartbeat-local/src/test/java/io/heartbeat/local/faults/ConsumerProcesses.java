package io.heartbeat.local.faults;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.ports.LocalPorts;

/**
 * Starts consumer jars of one group, each under its own instance name, and reads their own counts back from
 * {@code /actuator/prometheus}: what the group tests need to tell the members' work apart.
 */
final class ConsumerProcesses {

    private final Path jar = ServiceProcess.executableJar("heartbeat-consumer");

    private final Path workDir;

    private final PipelineEndpoints endpoints;

    private final Map<String, String> settings;

    /** Consumers of {@code endpoints}' group with {@code settings} (environment variables) on top of the pipeline's. */
    ConsumerProcesses(Path workDir, PipelineEndpoints endpoints, Map<String, String> settings) {
        this.workDir = workDir;
        this.endpoints = endpoints;
        this.settings = settings;
    }

    /**
     * Starts a consumer named {@code instanceId} in the group; the Kafka client's group coordination is logged at
     * INFO, so its output tells what the member did.
     */
    ServiceProcess start(String instanceId) {
        PostgresSettings postgres = this.endpoints.postgres();
        Map<String, String> environment = new HashMap<>(Map.of(
                "KAFKA_BROKER", this.endpoints.bootstrapServers(),
                "KAFKA_TOPIC", this.endpoints.topic(),
                "CONSUMER_GROUP_ID", this.endpoints.groupId(),
                "CONSUMER_INSTANCE_ID", instanceId,
                "POSTGRES_HOST", postgres.host(),
                "POSTGRES_PORT", String.valueOf(postgres.port()),
                "POSTGRES_DB", postgres.database(),
                "POSTGRES_USER", postgres.user(),
                "POSTGRES_PASSWORD", postgres.password(),
                "LOG_DIR", this.workDir.resolve("logs-" + instanceId).toString()));
        environment.putAll(this.settings);
        return ServiceProcess.start(instanceId, this.jar, this.workDir, LocalPorts.anyFree(), environment,
                List.of("--logging.level.org.apache.kafka.clients.consumer.internals=INFO"));
    }

    /** Records this consumer stored (duplicates not counted), from its own metrics. */
    static long storedBy(ServiceProcess consumer) {
        return consumer.get("/actuator/prometheus").body().lines()
            .filter((line) -> line.startsWith("heartbeat_events_stored_total"))
            .mapToLong((line) -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
            .sum();
    }
}
