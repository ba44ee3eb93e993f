package io.heartbeat.local.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.heartbeat.local.ports.LocalPorts;
import io.heartbeat.validation.HeartRateLimits;
import io.heartbeat.validation.HeartbeatClassifier;
import io.heartbeat.validation.ValidationStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 5: the producer, running as its own process, gets SIGTERM while it sends. It stops generating, waits for
 * every reading it handed to Kafka to be acknowledged, and exits: the topic holds exactly the readings it
 * generated, the first N of its seed, and at least every one it had counted as acknowledged before the signal.
 */
class ProducerStoppedIntegrationTests {

    private static final Logger logger = LoggerFactory.getLogger(ProducerStoppedIntegrationTests.class);

    private static final long SEED = 5_050_505L;

    private static final String TOPIC = "heartbeats-producer-stopped";

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    /** SIGTERM's exit status: 128 + 15, after the shutdown hook has closed the application. */
    private static final int TERMINATED = 143;

    private static final Pattern STOPPED = Pattern.compile("Stopped producing after (\\d+) heartbeats");

    private static final Pattern ACKNOWLEDGED = Pattern.compile("(?m)^heartbeat_events_produced_total\\{.*} (\\S+)$");

    @TempDir
    Path workDir;

    @Test
    void everyReadingAcknowledgedBeforeSigtermIsInKafkaAndNothingElse() {
        Path producerJar = ServiceProcess.executableJar("heartbeat-producer");
        try (FaultKafka kafka = FaultKafka.start(this.workDir.resolve("kafka"))) {
            kafka.createTopic(TOPIC, 6);
            try (ServiceProcess producer = ServiceProcess.start("producer", producerJar, this.workDir,
                    LocalPorts.anyFree(), Map.of("KAFKA_BROKER", kafka.bootstrapServers(), "KAFKA_TOPIC", TOPIC,
                            "PRODUCER_SEED", String.valueOf(SEED), "PRODUCER_EVENTS_PER_SECOND", "2000",
                            "LOG_DIR", this.workDir.resolve("logs").toString()), List.of())) {
                producer.awaitHealthy(PATIENCE);
                await().atMost(PATIENCE).until(() -> kafka.recordCount(TOPIC) >= 5_000);
                long acknowledgedBefore = acknowledged(producer.get("/actuator/prometheus").body());

                assertThat(producer.terminate()).isEqualTo(TERMINATED);

                String output = producer.output();
                Matcher stopped = STOPPED.matcher(output);
                assertThat(stopped.find()).as("the producer's last line:%n%s", output).isTrue();
                long handedOver = Long.parseLong(stopped.group(1));
                logger.info("{} readings acknowledged before SIGTERM, {} handed to Kafka in all", acknowledgedBefore,
                        handedOver);
                assertThat(output).doesNotContain("Could not send heartbeat");
                assertThat(kafka.recordCount(TOPIC)).isEqualTo(handedOver).isGreaterThanOrEqualTo(acknowledgedBefore);
                assertThat(statusCounts(kafka.readAll(TOPIC)))
                    .isEqualTo(StoredHeartbeats.producerMix(SEED, (int) handedOver));
            }
        }
    }

    private static long acknowledged(String prometheus) {
        double total = 0;
        Matcher counter = ACKNOWLEDGED.matcher(prometheus);
        while (counter.find()) {
            total += Double.parseDouble(counter.group(1));
        }
        return (long) total;
    }

    // What the consumer would make of the topic: the same mix of readings the seed generates first.
    private static Map<ValidationStatus, Long> statusCounts(List<ConsumerRecord<String, byte[]>> records) {
        HeartbeatClassifier classifier = new HeartbeatClassifier(HeartRateLimits.DEFAULT);
        Map<ValidationStatus, Long> counts = new EnumMap<>(ValidationStatus.class);
        for (ValidationStatus status : ValidationStatus.values()) {
            counts.put(status, 0L);
        }
        records.forEach((record) -> counts.merge(classifier.classify(record.value(), Instant.EPOCH).status(), 1L,
                Long::sum));
        return counts;
    }
}
