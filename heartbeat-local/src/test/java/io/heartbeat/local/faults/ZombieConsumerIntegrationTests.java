package io.heartbeat.local.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.testsupport.TestPostgres;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 9: two consumer jars share the group; one is frozen with SIGSTOP past its session and its poll interval,
 * the other takes all its partitions, then the frozen one is woken with SIGCONT. The other serves every partition
 * while the zombie is frozen, the zombie finds itself out of the group and rejoins without setting any committed
 * offset back, and every event is stored once with one alert per violation.
 */
class ZombieConsumerIntegrationTests {

    private static final Logger logger = LoggerFactory.getLogger(ZombieConsumerIntegrationTests.class);

    private static final long SEED = 8_080_808L;

    private static final int PARTITIONS = 6;

    private static final String TOPIC = "heartbeats-zombie";

    private static final String GROUP = "heartbeat-consumer-zombie";

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    /** Short, so the test takes seconds rather than Kafka's default 45 s and 5 min; the broker allows 6 s. */
    private static final Duration SESSION = Duration.ofSeconds(6);

    private static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(10);

    /**
     * Frozen between two statements, the zombie keeps its transaction, and the rows it inserted, locked: the new
     * owner writes the same records again and would wait for them until the zombie wakes.
     */
    private static final Duration IDLE_TRANSACTION = Duration.ofSeconds(5);

    /** Past both the session and the poll interval, so the broker and the zombie's own client both gave it up. */
    private static final Duration FROZEN_FOR = MAX_POLL_INTERVAL.plusSeconds(5);

    /** The session, a rebalance and a first transaction of the other member, with room for a loaded machine. */
    private static final Duration TAKEOVER_TARGET = SESSION.plusSeconds(9);

    /** SIGTERM's exit status: 128 + 15, after the shutdown hook has closed the application. */
    private static final int TERMINATED = 143;

    @TempDir
    Path workDir;

    @Test
    void aConsumerWokenAfterItsSessionRejoinsAndNothingIsLostOrDoubled() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        StoredHeartbeats stored = new StoredHeartbeats(database.dataSource());
        try (FaultKafka kafka = FaultKafka.start(this.workDir.resolve("kafka"))) {
            kafka.createTopic(TOPIC, PARTITIONS);
            PipelineEndpoints endpoints = kafka.endpoints(database, TOPIC, GROUP);
            ConsumerProcesses consumers = new ConsumerProcesses(this.workDir, endpoints, Map.of(
                    "CONSUMER_SESSION_TIMEOUT", SESSION.toSeconds() + "s",
                    "CONSUMER_MAX_POLL_INTERVAL", MAX_POLL_INTERVAL.toSeconds() + "s",
                    "CONSUMER_IDLE_TRANSACTION_TIMEOUT", IDLE_TRANSACTION.toSeconds() + "s"));
            try (ConfigurableApplicationContext producer = FaultKafka.startSeededProducer(endpoints, SEED);
                    ServiceProcess zombie = consumers.start("zombie");
                    ServiceProcess survivor = consumers.start("survivor")) {
                zombie.awaitHealthy(PATIENCE);
                survivor.awaitHealthy(PATIENCE);
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                    .until(() -> ConsumerProcesses.storedBy(zombie) > 0 && ConsumerProcesses.storedBy(survivor) > 0);
                try (CommittedOffsetsWatch offsets = CommittedOffsetsWatch.start(kafka, GROUP, TOPIC)) {
                    zombie.freeze();
                    Instant frozenAt = Instant.now();
                    awaitTakeover(stored, frozenAt);
                    Duration takeover = Duration.between(frozenAt, Instant.now());
                    logger.info("The survivor stored rows of all {} partitions {} ms after the other was frozen",
                            PARTITIONS, takeover.toMillis());
                    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                        .until(() -> Duration.between(frozenAt, Instant.now()).compareTo(FROZEN_FOR) >= 0);
                    long storedBeforeWaking = ConsumerProcesses.storedBy(survivor);
                    zombie.thaw();
                    Instant wokenAt = Instant.now();
                    // Woken, it learns it is out of the group, rejoins under its name and gets a share back.
                    long zombieBefore = ConsumerProcesses.storedBy(zombie);
                    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                        .until(() -> ConsumerProcesses.storedBy(zombie) > zombieBefore);
                    logger.info("The zombie stored again {} ms after SIGCONT; the survivor had stored {} meanwhile",
                            Duration.between(wokenAt, Instant.now()).toMillis(), storedBeforeWaking);
                    String woken = zombie.output();
                    assertThat(woken).as("the zombie learned it was out of the group")
                        .contains("Lost previously assigned partitions");
                    logger.info("The zombie on waking:\n{}", String.join("\n", woken.lines()
                        .filter((line) -> line.contains("Offset commit failed") || line.contains("Lost previously")
                                || line.contains("UNKNOWN_MEMBER_ID from HEARTBEAT"))
                        .toList()));
                    producer.close();
                    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                        .until(() -> kafka.consumedEverything(GROUP, TOPIC));
                    // A zombie's failed batch is set back, never retried in place: the poll after it rejoins the
                    // group and reads from the committed offsets, so it never commits a stale batch's end.
                    logger.info("Committed offsets read {} times from the freeze on", offsets.samples());
                    assertThat(offsets.stepsBack()).as("committed offsets set back").isEmpty();
                }
                assertThat(survivor.terminate()).isEqualTo(TERMINATED);
                assertThat(zombie.terminate()).isEqualTo(TERMINATED);
            }
            stored.assertEachRecordStoredOnce(kafka.endOffsets(TOPIC));
            stored.assertOneAlertPerViolation();
            assertThat(kafka.recordCount(TOPIC + ".DLT")).as("dead letters").isZero();
        }
    }

    /**
     * Waits until the survivor stored rows of every partition in transactions begun after {@code frozenAt}; if it
     * does not within {@link #TAKEOVER_TARGET}, fails naming what its sessions wait for.
     */
    private static void awaitTakeover(StoredHeartbeats stored, Instant frozenAt) {
        try {
            await().atMost(TAKEOVER_TARGET).pollInterval(Duration.ofMillis(100))
                .until(() -> stored.partitionsWrittenAfter(frozenAt) == PARTITIONS);
        }
        catch (ConditionTimeoutException ex) {
            throw new AssertionError("Partitions served since the freeze: " + stored.partitionsWrittenAfter(frozenAt)
                    + " of " + PARTITIONS + "; sessions: " + stored.jdbc().queryForList("SELECT state, "
                    + "wait_event_type, wait_event, left(query, 60) AS query FROM pg_stat_activity WHERE datname = "
                    + "current_database() AND pid <> pg_backend_pid()"), ex);
        }
    }
}
