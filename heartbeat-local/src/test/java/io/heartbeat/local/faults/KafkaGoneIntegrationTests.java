package io.heartbeat.local.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.pipeline.ServiceApplications;
import io.heartbeat.local.ports.LocalPorts;
import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 7: the Kafka broker is gone for longer than the producer's {@code delivery.timeout.ms}, shortened here to
 * 15 s so the test need not wait the 2 minutes of the issue. The producer, its own process, waits in
 * {@code send()} and counts every reading Kafka did not take, with one WARN line when the outage begins and one when
 * it ends, then catches up. At the end: generated = acknowledged + failed; every acknowledged reading, and only
 * those failed ones the broker wrote before it stopped, is on the topic and in {@code heartbeats}, once each.
 */
class KafkaGoneIntegrationTests {

    private static final Logger logger = LoggerFactory.getLogger(KafkaGoneIntegrationTests.class);

    private static final long SEED = 7_070_707L;

    private static final String TOPIC = "heartbeats-kafka-gone";

    private static final String GROUP = "heartbeat-consumer-kafka-gone";

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    /** SIGTERM's exit status: 128 + 15, after the shutdown hook has closed the application. */
    private static final int TERMINATED = 143;

    /** How long Kafka stays gone at least: longer than the producer's delivery timeout here, 15 s. */
    private static final Duration OUTAGE = Duration.ofSeconds(25);

    private static final Pattern STOPPED = Pattern.compile(
            "Stopped producing after (\\d+) heartbeats; all handed to Kafka are flushed: (\\d+) acknowledged,"
                    + " (\\d+) failed");

    private static final Pattern SEND_FAILED = Pattern.compile("(?m)^heartbeat_events_send_failed_total (\\S+)$");

    private static final Pattern ACKNOWLEDGED = Pattern.compile("(?m)^heartbeat_events_produced_total\\{.*} (\\S+)$");

    @TempDir
    Path workDir;

    @Test
    void producerCountsEveryReadingKafkaDidNotTakeAndStoresExactlyTheAcknowledgedOnes() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        StoredHeartbeats stored = new StoredHeartbeats(database.dataSource());
        Path producerJar = ServiceProcess.executableJar("heartbeat-producer");
        try (FaultKafka kafka = FaultKafka.start(this.workDir.resolve("kafka"))) {
            kafka.createTopic(TOPIC, 6);
            PipelineEndpoints endpoints = kafka.endpoints(database, TOPIC, GROUP);
            long generated;
            long acknowledged;
            long failed;
            String output;
            try (ConfigurableApplicationContext consumer = ServiceApplications.startConsumer(endpoints, 0, Map.of());
                    ServiceProcess producer = ServiceProcess.start("producer", producerJar, this.workDir,
                            LocalPorts.anyFree(), Map.of("KAFKA_BROKER", kafka.bootstrapServers(), "KAFKA_TOPIC",
                                    TOPIC, "PRODUCER_SEED", String.valueOf(SEED), "PRODUCER_EVENTS_PER_SECOND", "200"),
                            // The producer's ordinary Spring settings; linger.ms stays as shipped (20 ms).
                            List.of("--spring.kafka.producer.properties.delivery.timeout.ms=15000",
                                    "--spring.kafka.producer.properties.request.timeout.ms=5000"))) {
                producer.awaitHealthy(PATIENCE);
                await().atMost(PATIENCE).until(() -> stored.count() >= 1_000);

                kafka.stop();
                Instant stoppedAt = Instant.now();
                long acknowledgedBefore = counter(ACKNOWLEDGED, producer);
                // Gone for longer than the delivery timeout, and until the producer has given up on a reading.
                await().pollDelay(OUTAGE).atMost(OUTAGE.plus(PATIENCE)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> counter(SEND_FAILED, producer) >= 1);
                kafka.startAgain();
                Duration outage = Duration.between(stoppedAt, Instant.now());

                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> counter(ACKNOWLEDGED, producer) > acknowledgedBefore);
                assertThat(producer.terminate()).isEqualTo(TERMINATED);
                output = producer.output();
                Matcher stopped = STOPPED.matcher(output);
                assertThat(stopped.find()).as("the producer's last line:%n%s", output).isTrue();
                generated = Long.parseLong(stopped.group(1));
                acknowledged = Long.parseLong(stopped.group(2));
                failed = Long.parseLong(stopped.group(3));
                logger.info("Kafka gone for {}: {} readings generated, {} acknowledged, {} failed", outage, generated,
                        acknowledged, failed);
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.consumedEverything(GROUP, TOPIC));
            }
            assertThat(generated).as("generated").isEqualTo(acknowledged + failed);
            assertThat(failed).as("failed").isPositive();
            // A failed reading is one Kafka did not acknowledge in time, not one it surely did not write: the broker
            // may have appended a batch whose answer was lost as it stopped. Those are on the topic, once.
            long onTopic = kafka.recordCount(TOPIC);
            logger.info("{} records on the topic: {} acknowledged, {} failed but written before the broker stopped",
                    onTopic, acknowledged, onTopic - acknowledged);
            assertThat(onTopic).as("records on the topic").isBetween(acknowledged, acknowledged + failed);
            stored.assertEachRecordStoredOnce(kafka.endOffsets(TOPIC));
            assertThat(stored.count()).as("rows stored").isEqualTo(onTopic);
            assertThat(stored.jdbc().queryForObject("SELECT count(DISTINCT event_id) FROM heartbeats", Long.class))
                .as("distinct event ids stored").isEqualTo(onTopic);
            assertThat(output.lines().filter((line) -> line.contains("Could not send heartbeat")))
                .as("outage lines").hasSize(1);
            assertThat(output).contains("Kafka acknowledges heartbeats on topic " + TOPIC + " again; " + failed
                    + " failed since the last acknowledgement and are lost");
        }
    }

    private static long counter(Pattern counter, ServiceProcess producer) {
        double total = 0;
        Matcher line = counter.matcher(producer.get("/actuator/prometheus").body());
        while (line.find()) {
            total += Double.parseDouble(line.group(1));
        }
        return (long) total;
    }
}
