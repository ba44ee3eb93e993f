package io.heartbeat.local.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.pipeline.ServiceApplications;
import io.heartbeat.local.ports.LocalPorts;
import io.heartbeat.local.postgres.EmbeddedPostgresServer;
import io.micrometer.core.instrument.MeterRegistry;
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
 * Fault 11: every process of PostgreSQL gets SIGSTOP for 60 s while readings flow, then SIGCONT. The consumer runs
 * with its shipped timeouts: the write in flight fails after DB_WRITE_TIMEOUT (30 s) instead of waiting out the
 * freeze, the batch is retried with the back-off, health answers within 3 s all along and is DOWN ({@code db} within
 * seconds, {@code listener} once LISTENER_STALL_TIMEOUT has passed), writing resumes by itself after SIGCONT, and in
 * the end every event is stored once.
 */
@ExtendWith(OutputCaptureExtension.class)
class PostgresFrozenIntegrationTests {

    private static final Logger logger = LoggerFactory.getLogger(PostgresFrozenIntegrationTests.class);

    private static final long SEED = 3_030_303L;

    private static final String TOPIC = "heartbeats-pg-frozen";

    private static final String GROUP = "heartbeat-consumer-pg-frozen";

    private static final Duration FREEZE = Duration.ofSeconds(60);

    /** The shipped DB_WRITE_TIMEOUT and LISTENER_STALL_TIMEOUT. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);

    /** What the issue asks of health while PostgreSQL is frozen: an answer within 3 s. */
    private static final Duration HEALTH_ANSWER = Duration.ofSeconds(3);

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final Pattern ATTEMPT = Pattern.compile("Could not write .* \\(attempt (\\d+)\\); retrying");

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_ANSWER).build();

    @TempDir
    Path workDir;

    @Test
    void timesTheWriteOutReportsDownWithinSecondsAndResumesByItselfStoringEveryEventOnce(CapturedOutput output) {
        PostgresSettings requested = new PostgresSettings("localhost", LocalPorts.anyFree(), "heartbeat_db",
                "heartbeat_user", "heartbeat_pass", 10);
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(this.workDir.resolve("pg"), requested);
                FaultKafka kafka = FaultKafka.start(this.workDir.resolve("kafka"))) {
            kafka.createTopic(TOPIC, 6);
            PipelineEndpoints endpoints = new PipelineEndpoints(kafka.bootstrapServers(), postgres.settings(), TOPIC,
                    GROUP);
            StoredHeartbeats stored = new StoredHeartbeats(dataSource(postgres.settings()));
            long produced;
            try (ConfigurableApplicationContext consumer = ServiceApplications.startConsumer(endpoints, 0, Map.of());
                    ConfigurableApplicationContext producer = FaultKafka.startSeededProducer(endpoints, SEED)) {
                MeterRegistry consumerMeters = consumer.getBean(MeterRegistry.class);
                int port = ServiceApplications.httpPort(consumer);
                await().atMost(PATIENCE).until(() -> stored.count() >= 1_000);
                await().atMost(PATIENCE).until(() -> sample(port, Instant.now()).status() == 200);

                FrozenPostgres frozen = new FrozenPostgres(this.workDir.resolve("pg"));
                int outputBefore = output.getOut().length();
                Instant frozenAt = Instant.now();
                List<HealthSample> samples = new ArrayList<>();
                AtomicReference<Duration> writeTimedOut = new AtomicReference<>();
                logger.info("Froze {} PostgreSQL processes", frozen.freeze());
                try {
                    await().atMost(FREEZE.plusSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                        samples.add(sample(port, frozenAt));
                        if (writeTimedOut.get() == null
                                && output.getOut().substring(outputBefore).contains("SocketTimeoutException")) {
                            writeTimedOut.set(Duration.between(frozenAt, Instant.now()));
                        }
                        return Duration.between(frozenAt, Instant.now()).compareTo(FREEZE) >= 0;
                    });
                }
                finally {
                    frozen.thaw();
                }
                Instant thawedAt = Instant.now();
                String freezeLog = output.getOut().substring(outputBefore);
                double storedAtThaw = storedTotal(consumerMeters);
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                    .until(() -> storedTotal(consumerMeters) > storedAtThaw);
                Duration firstRow = Duration.between(thawedAt, Instant.now());
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                    .until(() -> sample(port, thawedAt).status() == 200);
                Duration upAgain = Duration.between(thawedAt, Instant.now());

                HealthTimeline timeline = HealthTimeline.of(samples);
                logger.info("PostgreSQL frozen {} s: {} health answers, slowest {} ms; 503 with db DOWN after {} ms, "
                        + "listener DOWN after {} ms; write timed out after {} ms; {} failed attempts, at most "
                        + "attempt {}; first new row {} ms after SIGCONT, health 200 after {} ms",
                        FREEZE.toSeconds(), samples.size(), timeline.slowest().toMillis(),
                        timeline.dbDown().map(Duration::toMillis).orElse(-1L),
                        timeline.listenerDown().map(Duration::toMillis).orElse(-1L),
                        Optional.ofNullable(writeTimedOut.get()).map(Duration::toMillis).orElse(-1L),
                        attempts(freezeLog), maxAttempt(freezeLog), firstRow.toMillis(), upAgain.toMillis());

                timeline.assertEveryRequestAnsweredWithin(HEALTH_ANSWER);
                timeline.assertDownFromFirstDownToTheEnd(Duration.ofSeconds(10), STALL_TIMEOUT,
                        STALL_TIMEOUT.plusSeconds(10));
                assertThat(writeTimedOut.get()).as("the write in flight failed on its socket timeout")
                    .isNotNull().isLessThanOrEqualTo(WRITE_TIMEOUT.plusSeconds(10));
                assertBackedOff(freezeLog);
                assertThat(consumer.isActive()).isTrue();
                assertThat(consumer.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(
                        "heartbeat-consumer").isRunning()).isTrue();
                assertThat(firstRow).isLessThan(Duration.ofSeconds(30));

                MeterRegistry producerMeters = producer.getBean(MeterRegistry.class);
                producer.close();
                produced = (long) producerMeters.get("heartbeat.events.produced").counters().stream()
                    .mapToDouble((counter) -> counter.count()).sum();
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.consumedEverything(GROUP, TOPIC));
                assertThat(sample(port, Instant.now()).status()).isEqualTo(200);
                assertThat(consumerMeters.get("heartbeat.events.dead.lettered").counter().count()).isZero();
            }
            assertThat(kafka.recordCount(TOPIC)).isEqualTo(produced);
            stored.assertEachRecordStoredOnce(kafka.endOffsets(TOPIC));
            assertThat(stored.countsByStatus()).isEqualTo(StoredHeartbeats.producerMix(SEED, (int) produced));
            stored.assertOneAlertPerViolation();
        }
    }

    // Every failure is a WARN that keeps the offsets, and the back-off (0.5 s doubling to 5 s) allows no more than 15
    // attempts per listener thread in the freeze and a little after it, however fast each fails.
    private static void assertBackedOff(String freezeLog) {
        assertThat(freezeLog.lines().filter((line) -> ATTEMPT.matcher(line).find()))
            .allSatisfy((line) -> assertThat(line).contains(" WARN ").contains("offsets stay uncommitted"));
        assertThat(maxAttempt(freezeLog)).isBetween(2, 15);
        assertThat(attempts(freezeLog)).isBetween(2L, 30L);
        assertThat(freezeLog).doesNotContain("dead-letter");
    }

    private static HealthSample sample(int port, Instant since) {
        Instant start = Instant.now();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
            .timeout(HEALTH_ANSWER).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new HealthSample(Duration.between(since, start), Duration.between(start, Instant.now()),
                    response.statusCode(), response.body());
        }
        catch (IOException ex) {
            return new HealthSample(Duration.between(since, start), Duration.between(start, Instant.now()), 0,
                    ex.toString());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static long attempts(String log) {
        return log.lines().filter((line) -> ATTEMPT.matcher(line).find()).count();
    }

    private static int maxAttempt(String log) {
        int max = 0;
        Matcher attempt = ATTEMPT.matcher(log);
        while (attempt.find()) {
            max = Math.max(max, Integer.parseInt(attempt.group(1)));
        }
        return max;
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
