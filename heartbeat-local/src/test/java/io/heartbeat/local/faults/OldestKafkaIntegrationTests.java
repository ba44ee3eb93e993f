package io.heartbeat.local.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.testsupport.KafkaTestClients;
import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer jar against real brokers of old Kafka releases (README, "Run each service jar on its own"): the
 * oldest one supported, 2.4, runs the pipeline as shipped; an older one stops the consumer with one line, where it
 * used to retry the refused request in a loop with no pause, logging each time.
 */
class OldestKafkaIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private static final String TOPIC = "heartbeats";

    private static final String GROUP = "heartbeat-consumer";

    private static final long SEED = 2_004_001L;

    /** The exit status of a service that could not start, a broker too old among the reasons. */
    private static final int FAILED = 1;

    /** SIGTERM's exit status: 128 + 15, after the shutdown hook has closed the application. */
    private static final int TERMINATED = 143;

    @TempDir
    Path workDir;

    @Test
    void kafka24RunsThePipelineAsShipped() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        StoredHeartbeats stored = new StoredHeartbeats(database.dataSource());
        try (OldKafkaBroker kafka = OldKafkaBroker.start("2.4.1", this.workDir.resolve("kafka-2.4.1"));
                KafkaTestClients clients = new KafkaTestClients(kafka.bootstrapServers(), Map.of())) {
            PipelineEndpoints endpoints = endpoints(kafka, database);
            // As shipped: no KAFKA_TOPIC_REPLICAS, so the topics get the broker's default replication factor.
            try (ServiceProcess consumer = new ConsumerProcesses(this.workDir, endpoints, Map.of()).start("floor")) {
                consumer.awaitHealthy(PATIENCE);
                try (ConfigurableApplicationContext producer = FaultKafka.startSeededProducer(endpoints, SEED)) {
                    await().atMost(PATIENCE).until(() -> stored.count() >= 1_000);
                }
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> clients.committedOffsets(GROUP, TOPIC).equals(clients.endOffsets(TOPIC)));
                assertThat(consumer.terminate()).isEqualTo(TERMINATED);
                assertThat(consumer.output()).contains("Left group heartbeat-consumer as [floor-0, floor-1]")
                    .doesNotContain("Kafka too old", "Could not leave group");
            }
            stored.assertEachRecordStoredOnce(clients.endOffsets(TOPIC));
            stored.assertOneAlertPerViolation();
        }
    }

    @Test
    void kafka21StopsTheConsumerWithOneLineAtEachRequestItCannotTake() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        try (OldKafkaBroker kafka = OldKafkaBroker.start("2.1.1", this.workDir.resolve("kafka-2.1.1"))) {
            PipelineEndpoints endpoints = endpoints(kafka, database);
            String tooOld = "Kafka too old: KAFKA_BROKER=\"" + kafka.bootstrapServers() + "\" refused a request (";
            // As shipped, the topics' declaration leaves the replication factor to the broker: 2.4 or later.
            try (ServiceProcess consumer = new ConsumerProcesses(this.workDir, endpoints, Map.of()).start("declare")) {
                assertThat(consumer.awaitExit()).isEqualTo(FAILED);
                assertThat(consumer.output()).containsPattern(Pattern.quote(tooOld)
                        + "Creating topics with default partitions/replication factor are only supported in "
                        + "CreateTopicRequest version 4\\+\\. The following topics need values for partitions and "
                        + "replicas: \\[(heartbeats\\.DLT, heartbeats|heartbeats, heartbeats\\.DLT)\\]\\); "
                        + "Heartbeat Monitor needs Kafka 2\\.4 or later\n");
            }
            // With the factor given, the topics are made, and the join as a static member is what 2.1 refuses.
            try (ServiceProcess consumer = new ConsumerProcesses(this.workDir, endpoints,
                    Map.of("KAFKA_TOPIC_REPLICAS", "1")).start("join")) {
                assertThat(consumer.awaitExit()).isEqualTo(FAILED);
                assertThat(consumer.output()).containsOnlyOnce(tooOld + "The broker join group protocol version 3 "
                        + "does not support usage of config group.instance.id.); Heartbeat Monitor needs Kafka 2.4 or "
                        + "later; stopping with exit code 1")
                    .doesNotContain("Consumer exception", "Could not leave group");
            }
        }
    }

    private static PipelineEndpoints endpoints(OldKafkaBroker kafka, TestPostgres.Database database) {
        return FaultKafka.endpoints(kafka.bootstrapServers(), database, TOPIC, GROUP);
    }
}
