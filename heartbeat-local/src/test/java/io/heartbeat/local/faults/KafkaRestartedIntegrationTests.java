package io.heartbeat.local.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.pipeline.ServiceApplications;
import io.heartbeat.testsupport.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 3: the Kafka broker is stopped and started again (same log directory, same port) while readings flow.
 * Producer and consumer reconnect by themselves: every reading the producer generated is on the topic once and
 * in {@code heartbeats} once.
 */
class KafkaRestartedIntegrationTests {

    private static final long SEED = 3_030_303L;

    private static final String TOPIC = "heartbeats-kafka-restarted";

    private static final String GROUP = "heartbeat-consumer-kafka-restarted";

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path workDir;

    @Test
    void producerAndConsumerRecoverByThemselvesWithNoLossAndNoDuplicates() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        StoredHeartbeats stored = new StoredHeartbeats(database.dataSource());
        try (FaultKafka kafka = FaultKafka.start(this.workDir.resolve("kafka"))) {
            kafka.createTopic(TOPIC, 6);
            PipelineEndpoints endpoints = kafka.endpoints(database, TOPIC, GROUP);
            long produced;
            try (ConfigurableApplicationContext consumer = ServiceApplications.startConsumer(endpoints, 0, Map.of());
                    ConfigurableApplicationContext producer = FaultKafka.startSeededProducer(endpoints, SEED)) {
                MeterRegistry producerMeters = producer.getBean(MeterRegistry.class);
                await().atMost(PATIENCE).until(() -> stored.count() >= 1_000);

                kafka.stop();
                long acknowledgedWhileDown = acknowledged(producerMeters);
                long storedWhileDown = stored.count();
                kafka.startAgain();

                await().atMost(PATIENCE).until(() -> acknowledged(producerMeters) > acknowledgedWhileDown
                        && stored.count() > storedWhileDown);
                producer.close();
                produced = acknowledged(producerMeters);
                assertThat(producerMeters.get("heartbeat.events.send.failed").counter().count()).isZero();
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.consumedEverything(GROUP, TOPIC));
                assertThat(consumer.getBean(MeterRegistry.class).get("heartbeat.events.dead.lettered").counter()
                    .count()).isZero();
            }
            // Every acknowledged reading is on the topic (acks=all), and there is nothing else: the idempotent
            // producer's retries across the restart wrote none twice.
            assertThat(kafka.recordCount(TOPIC)).isEqualTo(produced);
            stored.assertEachRecordStoredOnce(kafka.endOffsets(TOPIC));
            assertThat(stored.countsByStatus()).isEqualTo(StoredHeartbeats.producerMix(SEED, (int) produced));
            stored.assertOneAlertPerViolation();
        }
    }

    private static long acknowledged(MeterRegistry producerMeters) {
        return (long) producerMeters.get("heartbeat.events.produced").counters().stream()
            .mapToDouble((counter) -> counter.count()).sum();
    }
}
