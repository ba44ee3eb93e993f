package io.heartbeat.consumer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.heartbeat.testsupport.TestPostgres;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Another program's consumer in the consumer's group, as when the original project's consumer still runs under the
 * group this one is told to take over: its members assign partitions another way (kafka-python's range), so Kafka
 * refuses this one's join until they leave; then it takes up at the offsets they committed.
 */
@ExtendWith(OutputCaptureExtension.class)
@EmbeddedKafka(topics = ForeignGroupMemberIntegrationTests.TOPIC, partitions = 2,
        brokerProperties = KafkaFixture.KEEP_OLD_RECORDS)
class ForeignGroupMemberIntegrationTests {

    static final String TOPIC = "foreign-member-it";

    static final String GROUP = "foreign-member-it-group";

    private static final int CONCURRENCY = 2;

    private static final String REFUSED = "Kafka refused this consumer's join: group " + GROUP + " has members of"
            + " another program, which assign partitions another way (the original project's consumer, say); stop"
            + " them, or set CONSUMER_GROUP_ID to a group of this service's own; polling again in 5 s";

    @Test
    void waitsForTheOtherMembersToLeaveThenConsumes(EmbeddedKafkaBroker broker, CapturedOutput output)
            throws Exception {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        AtomicBoolean foreignRunning = new AtomicBoolean(true);
        Thread foreign = new Thread(() -> runForeignMember(broker, foreignRunning), "foreign-member");
        foreign.start();
        try (KafkaFixture kafka = new KafkaFixture(broker)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.hasMembers(GROUP));
            // The other program consumes the first reading and commits it.
            kafka.send(TOPIC, "p-1", AbstractConsumerIntegrationTests.reading(1, "p-1"), KafkaFixture.READINGS_SENT);
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.committedOffsets(GROUP, TOPIC).values().stream()
                .mapToLong(Long::longValue).sum() == 1);
            try (ConfigurableApplicationContext consumer = ConsumerApplication.application().run(
                    "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.user(),
                    "--spring.datasource.password=" + database.password(),
                    "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--server.port=0",
                    "--heartbeat.kafka.topic=" + TOPIC, "--heartbeat.consumer.group-id=" + GROUP,
                    "--heartbeat.consumer.concurrency=" + CONCURRENCY)) {
                int port = consumer.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
                Instant started = Instant.now();
                // Refused, then refused again after the pause, by each consumer thread.
                await().atMost(Duration.ofSeconds(30)).until(() -> count(output, REFUSED) >= 2 * CONCURRENCY);
                assertThat(health(port)).startsWith("503 ").contains("\"listener\":{\"status\":\"DOWN\"}");

                foreignRunning.set(false);
                foreign.join();
                kafka.send(TOPIC, "p-1", AbstractConsumerIntegrationTests.reading(2, "p-1"),
                        KafkaFixture.READINGS_SENT);
                // This consumer takes up where the other left the group: the second reading only.
                JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
                await().atMost(Duration.ofSeconds(60))
                    .until(() -> kafka.committedOffsets(GROUP, TOPIC).values().stream().mapToLong(Long::longValue)
                        .sum() == 2);
                assertThat(jdbc.queryForList("SELECT event_id::text FROM heartbeats", String.class))
                    .containsExactly("018f0000-0000-7000-8000-000000000002");
                long seconds = Duration.between(started, Instant.now()).toSeconds();
                assertThat(count(output, REFUSED)).isBetween(2L * CONCURRENCY, CONCURRENCY * (seconds / 5 + 2));
                assertThat(output.getAll()).doesNotContain("Consumer exception");
                await().atMost(Duration.ofSeconds(30)).until(() -> health(port).startsWith("200 "));
            }
        }
        finally {
            foreignRunning.set(false);
            foreign.join();
        }
    }

    private static long count(CapturedOutput output, String line) {
        return output.getAll().lines().filter((logged) -> logged.endsWith(line)).count();
    }

    private static void runForeignMember(EmbeddedKafkaBroker broker, AtomicBoolean running) {
        try (KafkaConsumer<byte[], byte[]> member = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, GROUP, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            member.subscribe(List.of(TOPIC));
            while (running.get()) {
                if (!member.poll(Duration.ofMillis(200)).isEmpty()) {
                    member.commitSync();
                }
            }
        }
    }

    private static String health(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
