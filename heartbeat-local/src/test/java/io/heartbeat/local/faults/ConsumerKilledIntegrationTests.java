package io.heartbeat.local.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.ports.LocalPorts;
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
 * keeps sending, six times over, and started again at once each time. After the last restart every event is in
 * {@code heartbeats} exactly once and every non-valid one has exactly one alert, and every restarted process stored
 * new rows of every partition as soon as it had started: it took all its partitions back without waiting for its
 * killed predecessor's session to expire. The clinical alarms opened and ended through the kills are exactly those
 * a consumer never killed makes of the same records.
 */
class ConsumerKilledIntegrationTests {

    private static final Logger logger = LoggerFactory.getLogger(ConsumerKilledIntegrationTests.class);

    private static final long SEED = 4_040_404L;

    private static final int KILLS = 6;

    private static final int PARTITIONS = 6;

    private static final String TOPIC = "heartbeats-killed";

    private static final String GROUP = "heartbeat-consumer-killed";

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    /**
     * The target from the restart command to the new process's first rows, its start included
     * (issue 18, item 10). The killed member's session is Kafka's default 45 s: only the static instance name lets
     * the new process take the partitions back before it expires.
     */
    private static final Duration RECOVERY_TARGET = Duration.ofSeconds(10);

    /**
     * Added to {@link #RECOVERY_TARGET} for the whole restart, because the start is the machine's: 8.4 s where the
     * issue measured it, 20 to 25 s here on two cores shared with four other builds (docs/reliability.md). What this
     * change owns is the part after the start, {@link #AFTER_START_TARGET}.
     */
    private static final Duration SHARED_MACHINE_MARGIN = Duration.ofSeconds(20);

    /**
     * From the moment the new process reports itself started to new rows of every partition: rejoining, the first
     * poll and the first transactions, 0.6 to 2.7 s measured even on an overloaded machine. Waiting for the killed
     * member's session instead would add what is left of its 45 s after the start: 27 s measured with a 20 s start.
     */
    private static final Duration AFTER_START_TARGET = Duration.ofSeconds(5);

    private static final Pattern STARTED = Pattern.compile("Started ConsumerApplication in \\S+ seconds "
            + "\\(process running for (\\S+)\\)");

    /** The name every incarnation of the consumer joins the group under. */
    private static final String INSTANCE_ID = "consumer-killed-1";

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
            kafka.createTopic(TOPIC, PARTITIONS);
            PipelineEndpoints endpoints = kafka.endpoints(database, TOPIC, GROUP);
            long produced;
            List<Recovery> recoveries = new ArrayList<>();
            try (ConfigurableApplicationContext producer = FaultKafka.startSeededProducer(endpoints, SEED)) {
                MeterRegistry producerMeters = producer.getBean(MeterRegistry.class);
                Instant killedAt = null;
                for (int kill = 1; kill <= KILLS; kill++) {
                    try (ServiceProcess consumer = startConsumer(consumerJar, endpoints)) {
                        if (killedAt != null) {
                            recoveries.add(awaitEveryPartitionServed(stored, consumer, killedAt, kill));
                        }
                        consumer.awaitHealthy(PATIENCE);
                        // A random number of rows after it started storing: mid-batch, between the write and the
                        // offset commit, or while idle, wherever that falls.
                        long killAt = stored.count() + 1 + moments.nextInt(1_500);
                        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                            .until(() -> stored.count() >= killAt);
                        String skipped = duplicates(consumer);
                        assertThat(consumer.kill()).isEqualTo(KILLED);
                        killedAt = Instant.now();
                        logger.info("Killed consumer {} of {} with SIGKILL at {} rows stored; it had skipped {} "
                                + "redelivered records", kill, KILLS, stored.count(), skipped);
                    }
                }
                try (ServiceProcess consumer = startConsumer(consumerJar, endpoints)) {
                    recoveries.add(awaitEveryPartitionServed(stored, consumer, killedAt, KILLS + 1));
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
            List<String> unkilled = StoredAlarms.ofAnUndisturbedConsumer(this.workDir, kafka, TOPIC);
            logger.info("{} alarms opened through the kills, {} by a consumer never killed",
                    StoredAlarms.of(database).size(), unkilled.size());
            assertThat(unkilled).as("alarms of the consumer never killed").hasSizeGreaterThan(10);
            assertThat(StoredAlarms.of(database)).as("alarms through the kills").isEqualTo(unkilled);
            logger.info("Restarts, every partition served after the restart command / after the process had "
                    + "started: {}", recoveries);
            assertThat(recoveries).hasSize(KILLS).allSatisfy((recovery) -> {
                assertThat(recovery.afterStart()).as("started to every partition served")
                    .isLessThan(AFTER_START_TARGET);
                assertThat(recovery.total()).as("restart command to every partition served")
                    .isLessThanOrEqualTo(RECOVERY_TARGET.plus(SHARED_MACHINE_MARGIN));
            });
        }
    }

    /**
     * Waits until every partition has a row that a transaction begun after the restart stored, then for the
     * process's own report of its start (its {@code incarnation}-th in the output, which every run appends to), and
     * says how long each took.
     */
    private static Recovery awaitEveryPartitionServed(StoredHeartbeats stored, ServiceProcess consumer,
            Instant killedAt, int incarnation) {
        Instant restartedAt = consumer.startedAt();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
            .until(() -> stored.partitionsWrittenAfter(restartedAt) == PARTITIONS);
        Instant servedAt = Instant.now();
        List<MatchResult> starts = await().atMost(PATIENCE)
            .until(() -> STARTED.matcher(consumer.output()).results().toList(), (all) -> all.size() >= incarnation);
        Duration start = Duration.ofMillis(Math.round(Double.parseDouble(starts.get(incarnation - 1).group(1)) * 1000));
        Recovery recovery = new Recovery(Duration.between(restartedAt, servedAt), start);
        logger.info("New rows of every partition {} ms after SIGKILL, {} ms after the restart command; the process "
                + "took {} ms to start", Duration.between(killedAt, servedAt).toMillis(), recovery.total().toMillis(),
                start.toMillis());
        return recovery;
    }

    // Records redelivered after the previous kill that were already stored: how many varies, so only reported.
    private static String duplicates(ServiceProcess consumer) {
        return consumer.get("/actuator/prometheus").body().lines()
            .filter((line) -> line.startsWith("heartbeat_events_duplicates_total"))
            .map((line) -> line.substring(line.lastIndexOf(' ') + 1)).findFirst().orElse("?");
    }

    private ServiceProcess startConsumer(Path jar, PipelineEndpoints endpoints) {
        PostgresSettings postgres = endpoints.postgres();
        return ServiceProcess.start("consumer", jar, this.workDir, LocalPorts.anyFree(), Map.ofEntries(
                Map.entry("KAFKA_BROKER", endpoints.bootstrapServers()),
                Map.entry("KAFKA_TOPIC", endpoints.topic()),
                Map.entry("CONSUMER_GROUP_ID", endpoints.groupId()),
                Map.entry("POSTGRES_HOST", postgres.host()),
                Map.entry("POSTGRES_PORT", String.valueOf(postgres.port())),
                Map.entry("POSTGRES_DB", postgres.database()),
                Map.entry("POSTGRES_USER", postgres.user()),
                Map.entry("POSTGRES_PASSWORD", postgres.password()),
                Map.entry("LOG_DIR", this.workDir.resolve("logs").toString()),
                // Each incarnation rejoins as the member the killed one was, and takes its partitions back at once,
                // with Kafka's default 45 s session.
                Map.entry("CONSUMER_INSTANCE_ID", INSTANCE_ID),
                // Dozens of alarms opened and ended across the kills (issue 20: one alarm per episode through SIGKILL).
                Map.entry("ALARM_OPEN_AFTER", StoredAlarms.OPEN_AFTER)),
                List.of());
    }

    /** One restart: from the restart command to every partition served, and how much of that the start took. */
    private record Recovery(Duration total, Duration start) {

        Duration afterStart() {
            return this.total.minus(this.start);
        }

        @Override
        public String toString() {
            return this.total.toMillis() + " ms / " + afterStart().toMillis() + " ms";
        }
    }
}
