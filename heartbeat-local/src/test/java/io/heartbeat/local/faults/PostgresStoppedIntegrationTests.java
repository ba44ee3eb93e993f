package io.heartbeat.local.faults;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.pipeline.ServiceApplications;
import io.heartbeat.local.ports.LocalPorts;
import io.heartbeat.local.postgres.EmbeddedPostgresServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 2: PostgreSQL is stopped for 30 s while readings flow, then started again on the same data directory and
 * port. The consumer keeps running, backing off and reading each failed batch again from its start, reports DOWN,
 * commits no offset of anything unwritten, resumes on its own within 10 s of PostgreSQL's return, and in the end has
 * stored every event once.
 */
@ExtendWith(OutputCaptureExtension.class)
class PostgresStoppedIntegrationTests {

    private static final Logger logger = LoggerFactory.getLogger(PostgresStoppedIntegrationTests.class);

    private static final long SEED = 2_020_202L;

    private static final String TOPIC = "heartbeats-pg-stopped";

    private static final String GROUP = "heartbeat-consumer-pg-stopped";

    private static final Duration OUTAGE = Duration.ofSeconds(30);

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final Pattern ATTEMPT = Pattern.compile("Could not write .* \\(attempt (\\d+)\\); retrying");

    /** A partition's records in an attempt's line: {@code <topic>-<partition>@<first>[..<last>]}. */
    private static final Pattern RANGE = Pattern.compile(TOPIC + "-(\\d+)@(\\d+)");

    @TempDir
    Path workDir;

    @Test
    void pausesAndBacksOffWhileItIsAwayThenResumesByItselfAndStoresEveryEventOnce(CapturedOutput output) {
        PostgresSettings requested = new PostgresSettings("localhost", LocalPorts.anyFree(), "heartbeat_db",
                "heartbeat_user", "heartbeat_pass", 10);
        Path dataDir = this.workDir.resolve("postgres");
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, requested);
        try (FaultKafka kafka = FaultKafka.start(this.workDir.resolve("kafka"))) {
            kafka.createTopic(TOPIC, 6);
            PipelineEndpoints endpoints = new PipelineEndpoints(kafka.bootstrapServers(), postgres.settings(), TOPIC,
                    GROUP);
            StoredHeartbeats stored = new StoredHeartbeats(dataSource(postgres.settings()));
            long produced;
            try (ConfigurableApplicationContext consumer = ServiceApplications.startConsumer(endpoints, 0, Map.of());
                    ConfigurableApplicationContext producer = FaultKafka.startSeededProducer(endpoints, SEED)) {
                MeterRegistry consumerMeters = consumer.getBean(MeterRegistry.class);
                MeterRegistry producerMeters = producer.getBean(MeterRegistry.class);
                int port = consumer.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
                await().atMost(PATIENCE).until(() -> stored.count() >= 1_000);

                postgres.close();
                Instant stoppedAt = Instant.now();
                int outputBefore = output.getOut().length();
                await().atMost(PATIENCE).untilAsserted(() -> {
                    var health = LocalHttp.get(port, "/actuator/health");
                    assertThat(health.statusCode()).isEqualTo(503);
                    assertThat(health.body()).contains("\"db\":{\"status\":\"DOWN\"");
                });
                // Every listener thread has failed a batch and retries it by now.
                await().atMost(PATIENCE).until(() -> maxAttempt(output.getOut().substring(outputBefore)) >= 3);
                double storedDuringOutage = storedTotal(consumerMeters);
                Map<TopicPartition, Long> committedDuringOutage = kafka.committedOffsets(GROUP, TOPIC);
                Duration rest = max(OUTAGE.minus(Duration.between(stoppedAt, Instant.now())), Duration.ofSeconds(5));
                await().during(rest).atMost(rest.plusSeconds(30)).until(() ->
                        storedTotal(consumerMeters) == storedDuringOutage
                                && kafka.committedOffsets(GROUP, TOPIC).equals(committedDuringOutage)
                                && LocalHttp.status(port, "/actuator/health") == 503);
                String outageLog = output.getOut().substring(outputBefore);
                Map<TopicPartition, Long> endOffsetsDuringOutage = kafka.endOffsets(TOPIC);
                assertThat(consumer.isActive()).isTrue();
                assertThat(consumer.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(
                        "heartbeat-consumer").isRunning()).isTrue();

                Instant restartedAt = Instant.now();
                postgres = EmbeddedPostgresServer.start(dataDir, requested);
                Instant backAt = Instant.now();
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> storedTotal(consumerMeters) > storedDuringOutage);
                logger.info("Writing resumed {} ms after PostgreSQL was back", Duration.between(backAt,
                        Instant.now()).toMillis());

                producer.close();
                produced = (long) producerMeters.get("heartbeat.events.produced").counters().stream()
                    .mapToDouble((counter) -> counter.count()).sum();
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.consumedEverything(GROUP, TOPIC));
                assertThat(LocalHttp.status(port, "/actuator/health")).isEqualTo(200);

                assertBackedOff(outageLog, Duration.between(stoppedAt, restartedAt));
                assertEachAttemptStartedWhereTheFirstDid(outageLog);
                assertNothingUnwrittenWasCommitted(stored, committedDuringOutage, endOffsetsDuringOutage, restartedAt);
                assertThat(consumerMeters.get("heartbeat.events.dead.lettered").counter().count()).isZero();
            }
            assertThat(kafka.recordCount(TOPIC)).isEqualTo(produced);
            stored.assertEachRecordStoredOnce(kafka.endOffsets(TOPIC));
            assertThat(stored.countsByStatus()).isEqualTo(StoredHeartbeats.producerMix(SEED, (int) produced));
            stored.assertOneAlertPerViolation();
        }
        finally {
            postgres.close();
        }
    }

    // A busy retry loop would log thousands of attempts; the back-off allows a few per listener thread.
    private static void assertBackedOff(String outageLog, Duration outage) {
        long attempts = outageLog.lines().filter((line) -> ATTEMPT.matcher(line).find()).count();
        logger.info("{} failed write attempts in {} s without PostgreSQL, at most attempt {}", attempts,
                outage.toSeconds(), maxAttempt(outageLog));
        assertThat(outageLog.lines().filter((line) -> ATTEMPT.matcher(line).find()))
            .allSatisfy((line) -> assertThat(line).contains(" WARN ").contains("offsets stay uncommitted"));
        int allowed = attemptsTheBackOffAllows(outage);
        assertThat(maxAttempt(outageLog)).isBetween(3, allowed);
        assertThat(attempts).isBetween(3L, 3L * allowed);
    }

    // However fast each attempt fails, the back-off (0.5 s doubling to 5 s) fits no more attempts in the outage.
    private static int attemptsTheBackOffAllows(Duration outage) {
        int attempts = 1;
        long elapsed = 0;
        for (long pause = 500; elapsed + pause <= outage.toMillis(); pause = Math.min(2 * pause, 5_000)) {
            elapsed += pause;
            attempts++;
        }
        return attempts;
    }

    private static Duration max(Duration one, Duration other) {
        return (one.compareTo(other) >= 0) ? one : other;
    }

    // Offsets committed while PostgreSQL was away cover only rows it had stored before it went away, and records
    // were waiting beyond them.
    private static void assertNothingUnwrittenWasCommitted(StoredHeartbeats stored,
            Map<TopicPartition, Long> committed, Map<TopicPartition, Long> endOffsets, Instant restartedAt) {
        committed.forEach((partition, offset) -> {
            long storedBefore = stored.jdbc().queryForObject("SELECT count(*) FROM heartbeats "
                    + "WHERE kafka_partition = ? AND created_at < ?", Long.class, partition.partition(),
                    Timestamp.from(restartedAt));
            assertThat(offset).as("committed offset of %s", partition).isLessThanOrEqualTo(storedBefore);
        });
        long waiting = endOffsets.entrySet().stream()
            .mapToLong((end) -> end.getValue() - committed.get(end.getKey())).sum();
        assertThat(waiting).as("records waiting while PostgreSQL was away").isPositive();
    }

    private static int maxAttempt(String log) {
        int max = 0;
        Matcher attempt = ATTEMPT.matcher(log);
        while (attempt.find()) {
            max = Math.max(max, Integer.parseInt(attempt.group(1)));
        }
        return max;
    }

    // Each attempt reads the batch again from where the first one started: per partition, one first offset in
    // every attempt's line (a batch can grow, as readings keep coming, but never start later).
    private static void assertEachAttemptStartedWhereTheFirstDid(String outageLog) {
        Map<String, Set<String>> firstOffsets = new TreeMap<>();
        outageLog.lines().filter((line) -> ATTEMPT.matcher(line).find()).forEach((line) -> {
            Matcher range = RANGE.matcher(line);
            while (range.find()) {
                firstOffsets.computeIfAbsent(range.group(1), (partition) -> new TreeSet<>()).add(range.group(2));
            }
        });
        assertThat(firstOffsets).isNotEmpty().allSatisfy((partition, offsets) -> assertThat(offsets).hasSize(1));
    }

    private static double storedTotal(MeterRegistry meters) {
        return meters.get("heartbeat.events.stored").counters().stream().mapToDouble((counter) -> counter.count())
            .sum();
    }

    private static PGSimpleDataSource dataSource(PostgresSettings settings) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(settings.jdbcUrl());
        dataSource.setUser(settings.user());
        dataSource.setPassword(settings.password());
        return dataSource;
    }
}
