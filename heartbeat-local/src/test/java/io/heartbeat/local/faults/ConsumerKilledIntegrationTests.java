package io.heartbeat.local.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.LocalPorts;
import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.testsupport.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 1: the consumer, running as its own process, is killed with SIGKILL at random moments while the producer
 * keeps sending, six times over. After the last restart every event is in {@code heartbeats} exactly once and
 * every non-valid one has exactly one alert.
 */
class ConsumerKilledIntegrationTests {

    private static final Logger logger = LoggerFactory.getLogger(ConsumerKilledIntegrationTests.class);

    private static final long SEED = 4_040_404L;

    private static final int KILLS = 6;

    private static final String TOPIC = "heartbeats-killed";

    private static final String GROUP = "heartbeat-consumer-killed";

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    /** SIGKILL's exit status: 128 + 9. */
    private static final int KILLED = 137;

    @TempDir
    Path workDir;

    @Test
    void storesEveryEventOnceWithOneAlertPerViolationAfterRepeatedSigkills() {
        Path consumerJar = ServiceProcess.executableJar("heartbeat-consumer");
        TestPostgres.Database database = TestPostgres.freshDatabase();
        StoredHeartbeats stored = new StoredHeartbeats(database.dataSource());
        Random moments = new Random(SEED);
        try (FaultKafka kafka = FaultKafka.start(this.workDir.resolve("kafka"))) {
            kafka.createTopic(TOPIC, 6);
            PipelineEndpoints endpoints = kafka.endpoints(database, TOPIC, GROUP);
            long produced;
            try (ConfigurableApplicationContext producer = FaultKafka.startSeededProducer(endpoints, SEED)) {
                MeterRegistry producerMeters = producer.getBean(MeterRegistry.class);
                for (int kill = 1; kill <= KILLS; kill++) {
                    try (ServiceProcess consumer = startConsumer(consumerJar, endpoints)) {
                        consumer.awaitHealthy(PATIENCE);
                        // A random number of rows after it started storing: mid-batch, between the write and the
                        // offset commit, or while idle, wherever that falls.
                        long killAt = stored.count() + 1 + moments.nextInt(1_500);
                        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                            .until(() -> stored.count() >= killAt);
                        String skipped = duplicates(consumer);
                        assertThat(consumer.kill()).isEqualTo(KILLED);
                        logger.info("Killed consumer {} of {} with SIGKILL at {} rows stored; it had skipped {} "
                                + "redelivered records", kill, KILLS, stored.count(), skipped);
                    }
                }
                try (ServiceProcess consumer = startConsumer(consumerJar, endpoints)) {
                    consumer.awaitHealthy(PATIENCE);
                    // Stops generating and flushes: every reading handed over is acknowledged (and counted) or failed.
                    producer.close();
                    produced = (long) producerMeters.get("heartbeat.events.produced").counters().stream()
                        .mapToDouble((counter) -> counter.count()).sum();
                    assertThat(producerMeters.get("heartbeat.events.send.failed").counter().count()).isZero();
                    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                        .until(() -> kafka.consumedEverything(GROUP, TOPIC));
                    logger.info("The last consumer skipped {} redelivered records", duplicates(consumer));
                    consumer.terminate();
                }
            }
            assertThat(kafka.recordCount(TOPIC)).as("records on the topic").isEqualTo(produced);
            stored.assertEachRecordStoredOnce(kafka.endOffsets(TOPIC));
            assertThat(stored.countsByStatus()).isEqualTo(StoredHeartbeats.producerMix(SEED, (int) produced));
            stored.assertOneAlertPerViolation();
            assertThat(kafka.recordCount(TOPIC + ".DLT")).as("dead letters").isZero();
        }
    }

    // Records redelivered after the previous kill that were already stored: how many varies, so only reported.
    private static String duplicates(ServiceProcess consumer) {
        return consumer.get("/actuator/prometheus").body().lines()
            .filter((line) -> line.startsWith("heartbeat_events_duplicates_total"))
            .map((line) -> line.substring(line.lastIndexOf(' ') + 1)).findFirst().orElse("?");
    }

    private ServiceProcess startConsumer(Path jar, PipelineEndpoints endpoints) {
        PostgresSettings postgres = endpoints.postgres();
        return ServiceProcess.start("consumer", jar, this.workDir, LocalPorts.anyFree(), Map.of(
                "KAFKA_BROKER", endpoints.bootstrapServers(),
                "KAFKA_TOPIC", endpoints.topic(),
                "CONSUMER_GROUP_ID", endpoints.groupId(),
                "POSTGRES_HOST", postgres.host(),
                "POSTGRES_PORT", String.valueOf(postgres.port()),
                "POSTGRES_DB", postgres.database(),
                "POSTGRES_USER", postgres.user(),
                "POSTGRES_PASSWORD", postgres.password(),
                "LOG_DIR", this.workDir.resolve("logs").toString()),
                // A killed member's partitions go to the next one once its session times out: 6 s (the broker's
                // minimum) rather than the default 45 s keeps six restarts short.
                List.of("--spring.kafka.consumer.properties.session.timeout.ms=6000",
                        "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000"));
    }
}
