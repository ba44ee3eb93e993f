package io.heartbeat.local.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 10: the group grows from one consumer jar to three while readings flow, then shrinks back to one as two are
 * stopped with SIGTERM. Every change is a rebalance (cooperative-sticky); each one's pause of the partitions that
 * moved is measured from the stored rows, and every event is stored once with one alert per violation. The clinical
 * alarms opened and ended through the rebalances are those one consumer never disturbed makes of the same records.
 */
class GrowingGroupIntegrationTests {

    private static final Logger logger = LoggerFactory.getLogger(GrowingGroupIntegrationTests.class);

    private static final long SEED = 9_090_909L;

    private static final int PARTITIONS = 6;

    private static final String TOPIC = "heartbeats-growing";

    private static final String GROUP = "heartbeat-consumer-growing";

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    /**
     * The group runs unchanged for this long before each change: one alone shows the ordinary gaps between
     * transactions, and a gap of one change is not counted for the next.
     */
    private static final Duration SETTLE = Duration.ofSeconds(3);

    /**
     * Longest pause any rebalance may cause: well under the 45 s session a member that left without a word would
     * hold its partitions, with room for a machine shared with other builds.
     */
    private static final Duration PAUSE_LIMIT = Duration.ofSeconds(10);

    /** SIGTERM's exit status: 128 + 15, after the shutdown hook has closed the application. */
    private static final int TERMINATED = 143;

    @TempDir
    Path workDir;

    @Test
    void threeConsumersJoinAndTwoLeaveWhileReadingsFlowAndNothingIsLostOrDoubled() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        StoredHeartbeats stored = new StoredHeartbeats(database.dataSource());
        RebalancePauses pauses = new RebalancePauses(stored.jdbc());
        Map<String, Window> windows = new LinkedHashMap<>();
        try (FaultKafka kafka = FaultKafka.start(this.workDir.resolve("kafka"))) {
            kafka.createTopic(TOPIC, PARTITIONS);
            PipelineEndpoints endpoints = kafka.endpoints(database, TOPIC, GROUP);
            // One listener thread each: three members for six partitions, each change moves some of them.
            ConsumerProcesses consumers = new ConsumerProcesses(this.workDir, endpoints,
                    Map.of("CONSUMER_CONCURRENCY", "1", "ALARM_OPEN_AFTER", StoredAlarms.OPEN_AFTER));
            try (ConfigurableApplicationContext producer = FaultKafka.startSeededProducer(endpoints, SEED);
                    ServiceProcess first = consumers.start("first")) {
                first.awaitHealthy(PATIENCE);
                Instant aloneFrom = awaitEveryPartitionServedAfter(stored, Instant.now());
                settle(aloneFrom);
                windows.put("one alone", new Window(aloneFrom, Instant.now()));
                try (ServiceProcess second = join(consumers, "second", stored, windows);
                        ServiceProcess third = join(consumers, "third", stored, windows)) {
                    leave(second, "second", stored, windows);
                    leave(third, "third", stored, windows);
                }
                producer.close();
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.consumedEverything(GROUP, TOPIC));
                assertThat(first.terminate()).isEqualTo(TERMINATED);
            }
            stored.assertEachRecordStoredOnce(kafka.endOffsets(TOPIC));
            stored.assertOneAlertPerViolation();
            assertThat(kafka.recordCount(TOPIC + ".DLT")).as("dead letters").isZero();
            List<String> undisturbed = StoredAlarms.ofAnUndisturbedConsumer(this.workDir, kafka, TOPIC);
            assertThat(undisturbed).as("alarms of one consumer never disturbed").hasSizeGreaterThan(10);
            assertThat(StoredAlarms.of(database)).as("alarms through four rebalances").isEqualTo(undisturbed);
        }
        Map<String, Duration> longest = new LinkedHashMap<>();
        windows.forEach((event, window) -> longest.put(event, pauses.longestWithin(window.from(), window.to())));
        logger.info("Longest pause of a partition (gaps over 100 ms between transactions), per change: {}", longest);
        assertThat(longest).allSatisfy((event, pause) -> assertThat(pause).as(event).isLessThan(PAUSE_LIMIT));
    }

    /** Starts a consumer and waits until it stored rows and the group serves every partition again. */
    private static ServiceProcess join(ConsumerProcesses consumers, String name, StoredHeartbeats stored,
            Map<String, Window> windows) {
        ServiceProcess consumer = consumers.start(name);
        consumer.awaitHealthy(PATIENCE);
        Instant healthy = Instant.now();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
            .until(() -> ConsumerProcesses.storedBy(consumer) > 0);
        Instant served = awaitEveryPartitionServedAfter(stored, Instant.now());
        logger.info("{} joined: it stored its first rows {} ms after it was healthy", name,
                Duration.between(healthy, served).toMillis());
        windows.put(name + " joins", new Window(consumer.startedAt(), Instant.now()));
        settle(served);
        return consumer;
    }

    /** Stops a consumer with SIGTERM and waits until the group serves every partition again. */
    private static void leave(ServiceProcess consumer, String name, StoredHeartbeats stored,
            Map<String, Window> windows) {
        Instant stopping = Instant.now();
        assertThat(consumer.terminate()).isEqualTo(TERMINATED);
        Instant served = awaitEveryPartitionServedAfter(stored, Instant.now());
        logger.info("{} left: every partition served {} ms after SIGTERM", name,
                Duration.between(stopping, served).toMillis());
        windows.put(name + " leaves", new Window(stopping, Instant.now()));
        settle(served);
    }

    private static void settle(Instant from) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
            .until(() -> Duration.between(from, Instant.now()).compareTo(SETTLE) >= 0);
    }

    /** Waits until every partition has rows of a transaction begun after {@code after}; returns when. */
    private static Instant awaitEveryPartitionServedAfter(StoredHeartbeats stored, Instant after) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
            .until(() -> stored.partitionsWrittenAfter(after) == PARTITIONS);
        return Instant.now();
    }

    /** When a change of the group happened, from its start to every partition served again. */
    private record Window(Instant from, Instant to) {
    }
}
