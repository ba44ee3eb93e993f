package io.heartbeat.consumer.startup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How long a replacement consumer takes to serve: the built exec jar started again and again as the killed member's
 * replacement (same CONSUMER_INSTANCE_ID) against a topic with records waiting, from {@code java} launched to the
 * first row stored, with the split read from its log (docs/consumer.md#start-up-time). Run only by
 * {@code ./mvnw -Pstart-bench -pl heartbeat-consumer -am verify -DskipTests}; never part of {@code ./mvnw verify}.
 */
class StartBenchmark {

    private static final Logger logger = LoggerFactory.getLogger(StartBenchmark.class);

    private static final String TOPIC = "heartbeats";

    private static final int PARTITIONS = 6;

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final int runs = Integer.getInteger("start-bench.runs", 5);

    private final Path workDir = Path.of("target", "start-bench").toAbsolutePath();

    // Another JDK's java (-Dstart-bench.java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java): its starts with a CDS
    // archive and with an AOT cache (JDK 25 on) are timed too, from the same extracted jar.
    private final String otherJava = System.getProperty("start-bench.java", "");

    @Test
    void replacementStartToFirstRow() throws Exception {
        // The broker's default group.initial.rebalance.delay.ms (3 s), as on a real broker. A replacement under the
        // same instance id does not wait for it; a member joining an empty group does: the very first, or one that
        // joins after the killed member's 45 s session has expired.
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, TOPIC);
        broker.brokerProperties(Map.of("group.initial.rebalance.delay.ms", "3000", "log.retention.ms", "-1"));
        broker.afterPropertiesSet();
        TestPostgres.Database database = TestPostgres.freshDatabase().migrate();
        try (StartBenchReadings readings = new StartBenchReadings(broker.getBrokersAsString(), TOPIC)) {
            ConsumerLaunch launch = new ConsumerLaunch(this.workDir, broker.getBrokersAsString(), TOPIC, database);
            Map<String, List<String>> modes = new LinkedHashMap<>();
            modes.put("java -jar exec jar", launch.execJar());
            modes.put("extracted jar", launch.extracted());
            modes.put("extracted jar + CDS archive", launch.withArchive(launch.train()));
            if (!this.otherJava.isBlank()) {
                String jdk = StartReport.javaVersion(this.otherJava);
                modes.put(jdk + ": extracted jar + CDS archive",
                        launch.withArchive(this.otherJava, launch.trainArchive(this.otherJava)));
                modes.put(jdk + ": extracted jar + AOT cache",
                        launch.withAotCache(this.otherJava, launch.trainAotCache(this.otherJava)));
            }
            // The first member of the new group waits out the broker's initial rebalance delay: not counted.
            measure(launch, launch.execJar(), readings, database, "warm-up");
            Map<String, List<StartTimeline>> results = new LinkedHashMap<>();
            for (int run = 1; run <= this.runs; run++) {
                for (Map.Entry<String, List<String>> mode : modes.entrySet()) {
                    results.computeIfAbsent(mode.getKey(), (key) -> new ArrayList<>())
                        .add(measure(launch, mode.getValue(), readings, database, mode.getKey() + " #" + run));
                }
            }
            logger.info("Start benchmark, {} starts per mode, load average {}:{}{}", this.runs, StartReport.load(),
                    System.lineSeparator(), StartReport.table(results));
            results.values().forEach((timelines) -> assertThat(timelines).hasSize(this.runs));
        }
        finally {
            broker.destroy();
        }
    }

    private StartTimeline measure(ConsumerLaunch launch, List<String> command, StartBenchReadings readings,
            TestPostgres.Database database, String name) {
        readings.sendWaiting(PARTITIONS * 100);
        Instant launched = Instant.now();
        try (ConsumerLaunch.Running consumer = launch.start(command, name)) {
            Instant firstRow = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                .until(() -> firstRowSince(database, launched, consumer), Optional::isPresent).get();
            Duration cpu = consumer.cpu();
            StartTimeline timeline = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> StartTimeline.of(launched, consumer.log(), firstRow, cpu), Optional::isPresent).get();
            logger.info("{}: {}", name, timeline);
            return timeline;
        }
    }

    // created_at is the start of the transaction that stored the row: the first one begun after the launch.
    private static Optional<Instant> firstRowSince(TestPostgres.Database database, Instant launched,
            ConsumerLaunch.Running consumer) throws SQLException {
        consumer.requireAlive();
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement query = connection
                    .prepareStatement("SELECT min(created_at) FROM heartbeats WHERE created_at >= ?")) {
            query.setTimestamp(1, Timestamp.from(launched));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return Optional.ofNullable(result.getTimestamp(1)).map(Timestamp::toInstant);
            }
        }
    }
}
