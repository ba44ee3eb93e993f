package io.heartbeat.local.faults;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.ports.LocalPorts;
import io.heartbeat.testsupport.TestPostgres;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer's name in its group (CONSUMER_INSTANCE_ID, Kafka static membership), with two consumer jars in one
 * group: a second instance under a name already running stops the first with a clear error, and an instance stopped
 * with SIGTERM hands its partitions over at once rather than after its 45 s session.
 */
class ConsumerInstanceIdIntegrationTests {

    private static final Logger logger = LoggerFactory.getLogger(ConsumerInstanceIdIntegrationTests.class);

    private static final long SEED = 7_070_707L;

    private static final int PARTITIONS = 6;

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    /** Well under Kafka's default 45 s session, which a static member that did not leave would hold its share. */
    private static final Duration HANDOVER_TARGET = Duration.ofSeconds(10);

    /** FatalKafkaErrors's exit status. */
    private static final int DUPLICATE_INSTANCE = 3;

    /** SIGTERM's exit status: 128 + 15, after the shutdown hook has closed the application. */
    private static final int TERMINATED = 143;

    @TempDir
    Path workDir;

    @Test
    void aSecondInstanceUnderTheSameNameStopsTheFirstWithAClearErrorAndNothingIsLostOrDoubled() {
        runTwoConsumers("heartbeats-same-name", "twin", "twin", (stored, first, second) -> {
            assertThat(first.awaitExit()).as(first.output()).isEqualTo(DUPLICATE_INSTANCE);
            assertThat(first.output()).contains("Another consumer joined group heartbeat-consumer-heartbeats-same-name "
                    + "under this instance's id twin (CONSUMER_INSTANCE_ID) and Kafka fenced this one; stopping with "
                    + "exit code 3. Give every running instance its own CONSUMER_INSTANCE_ID");
            assertThat(second.isAlive()).isTrue();
            Instant fenced = Instant.now();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> stored.partitionsWrittenAfter(fenced) == PARTITIONS);
            assertThat(second.output()).doesNotContain("Another consumer joined group");
        });
    }

    /**
     * The duplicate joins while the first instance's listener threads wait on a table lock mid-write, so the fence
     * reaches them after the write: in their offset commit, which Kafka refuses as fenced (lock released at once)
     * or, once their heartbeats have met the fence too, as from a consumer no longer in the group (lock held 7 s).
     * Either way the batch goes to the error handler, not to the container's fence check.
     */
    @ParameterizedTest(name = "lock held {0} s after the takeover")
    @ValueSource(ints = { 0, 7 })
    void aDuplicateThatJoinsWhileTheFirstIsWritingStopsTheFirstAndIsNeverFencedBack(int holdSeconds)
            throws SQLException {
        Path jar = ServiceProcess.executableJar("heartbeat-consumer");
        TestPostgres.Database database = TestPostgres.freshDatabase();
        StoredHeartbeats stored = new StoredHeartbeats(database.dataSource());
        String topic = "heartbeats-fenced-mid-write-" + holdSeconds;
        try (FaultKafka kafka = FaultKafka.start(this.workDir.resolve("kafka"))) {
            kafka.createTopic(topic, PARTITIONS);
            PipelineEndpoints endpoints = kafka.endpoints(database, topic, "heartbeat-consumer-" + topic);
            try (ConfigurableApplicationContext producer = FaultKafka.startSeededProducer(endpoints, SEED);
                    ServiceProcess first = start("first", jar, endpoints, "twin");
                    Connection lock = database.dataSource().getConnection()) {
                first.awaitHealthy(PATIENCE);
                await().atMost(PATIENCE).until(() -> stored.count() > 0);
                lock.setAutoCommit(false);
                try (Statement statement = lock.createStatement()) {
                    statement.execute("LOCK TABLE heartbeats IN EXCLUSIVE MODE");
                }
                JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
                await().atMost(PATIENCE).until(() -> jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND wait_event_type = 'Lock'", Long.class) > 0);
                // Both listener threads' names, <instance id>-<thread>, taken over while the lock holds.
                List<KafkaConsumer<String, byte[]>> twins = List.of(twin(endpoints, "twin-0"),
                        twin(endpoints, "twin-1"));
                try {
                    await().atMost(PATIENCE).until(() -> pollAssigned(twins) == PARTITIONS);
                    // 7 s: past two of Kafka's 3 s heartbeats, so the listener threads' heartbeats meet the fence.
                    Instant heartbeats = Instant.now().plusSeconds(holdSeconds);
                    while (Instant.now().isBefore(heartbeats)) {
                        assertThat(pollAssigned(twins)).isEqualTo(PARTITIONS);
                    }
                    lock.rollback();
                    assertThat(first.awaitExit()).as(first.output()).isEqualTo(DUPLICATE_INSTANCE);
                    assertThat(first.output()).contains("Kafka fenced this one; stopping with exit code 3");
                    // Had the first polled on after its fence, it would have rejoined and fenced these in turn.
                    Instant end = Instant.now().plus(HANDOVER_TARGET);
                    while (Instant.now().isBefore(end)) {
                        assertThat(pollAssigned(twins)).isEqualTo(PARTITIONS);
                    }
                }
                finally {
                    twins.forEach(KafkaConsumer::close);
                }
            }
        }
    }

    @Test
    void anInstanceStoppedWithSigtermHandsItsPartitionsOverAtOnce() {
        runTwoConsumers("heartbeats-handover", "consumer-a", "consumer-b", (stored, first, second) -> {
            assertThat(first.terminate()).isEqualTo(TERMINATED);
            Instant stopped = Instant.now();
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> stored.partitionsWrittenAfter(stopped) == PARTITIONS);
            Duration handover = Duration.between(stopped, Instant.now());
            logger.info("The remaining instance stored rows of all {} partitions {} ms after the other one stopped",
                    PARTITIONS, handover.toMillis());
            assertThat(handover).isLessThanOrEqualTo(HANDOVER_TARGET);
        });
    }

    /**
     * Starts the producer and a consumer named {@code firstName}, then, once rows are stored, a second one named
     * {@code secondName}; runs {@code scenario}, then drains the topic and checks every record is stored once.
     */
    private void runTwoConsumers(String topic, String firstName, String secondName, Scenario scenario) {
        Path jar = ServiceProcess.executableJar("heartbeat-consumer");
        TestPostgres.Database database = TestPostgres.freshDatabase();
        StoredHeartbeats stored = new StoredHeartbeats(database.dataSource());
        try (FaultKafka kafka = FaultKafka.start(this.workDir.resolve("kafka"))) {
            kafka.createTopic(topic, PARTITIONS);
            PipelineEndpoints endpoints = kafka.endpoints(database, topic, "heartbeat-consumer-" + topic);
            try (ConfigurableApplicationContext producer = FaultKafka.startSeededProducer(endpoints, SEED);
                    ServiceProcess first = start("first", jar, endpoints, firstName)) {
                first.awaitHealthy(PATIENCE);
                await().atMost(PATIENCE).until(() -> stored.count() > 0);
                try (ServiceProcess second = start("second", jar, endpoints, secondName)) {
                    second.awaitHealthy(PATIENCE);
                    scenario.run(stored, first, second);
                    producer.close();
                    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                        .until(() -> kafka.consumedEverything(endpoints.groupId(), topic));
                    assertThat(second.terminate()).isEqualTo(TERMINATED);
                }
            }
            stored.assertEachRecordStoredOnce(kafka.endOffsets(topic));
            stored.assertOneAlertPerViolation();
        }
    }

    private ServiceProcess start(String name, Path jar, PipelineEndpoints endpoints, String instanceId) {
        PostgresSettings postgres = endpoints.postgres();
        return ServiceProcess.start(name, jar, this.workDir, LocalPorts.anyFree(), Map.of(
                "KAFKA_BROKER", endpoints.bootstrapServers(),
                "KAFKA_TOPIC", endpoints.topic(),
                "CONSUMER_GROUP_ID", endpoints.groupId(),
                "CONSUMER_INSTANCE_ID", instanceId,
                "POSTGRES_HOST", postgres.host(),
                "POSTGRES_PORT", String.valueOf(postgres.port()),
                "POSTGRES_DB", postgres.database(),
                "POSTGRES_USER", postgres.user(),
                "POSTGRES_PASSWORD", postgres.password(),
                "LOG_DIR", this.workDir.resolve("logs-" + name).toString()), List.of());
    }

    // Polls each (a fenced one throws) and counts the partitions they hold between them.
    private static int pollAssigned(List<KafkaConsumer<String, byte[]>> twins) {
        int assigned = 0;
        for (KafkaConsumer<String, byte[]> twin : twins) {
            twin.poll(Duration.ofMillis(100));
            assigned += twin.assignment().size();
        }
        return assigned;
    }

    // A bare consumer in the group under a listener thread's static name; it reads nothing and commits nothing.
    private static KafkaConsumer<String, byte[]> twin(PipelineEndpoints endpoints, String memberName) {
        KafkaConsumer<String, byte[]> twin = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, endpoints.groupId(),
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, memberName,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName()),
                new StringDeserializer(), new ByteArrayDeserializer());
        twin.subscribe(List.of(endpoints.topic()));
        return twin;
    }

    /** What happens while both consumers run. */
    @FunctionalInterface
    private interface Scenario {

        void run(StoredHeartbeats stored, ServiceProcess first, ServiceProcess second);
    }
}
