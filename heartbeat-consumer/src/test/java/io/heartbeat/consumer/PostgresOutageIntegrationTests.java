package io.heartbeat.consumer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.heartbeat.testsupport.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While PostgreSQL refuses connections the consumer stores nothing, dead-letters nothing and commits nothing,
 * retrying the batch with one WARN per attempt and reporting DOWN; once it is back, everything is stored.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=application,heartbeat-consumer",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "heartbeat.kafka.topic=" + PostgresOutageIntegrationTests.TOPIC,
        "heartbeat.kafka.partitions=1",
        "heartbeat.consumer.group-id=" + PostgresOutageIntegrationTests.GROUP,
        "heartbeat.consumer.concurrency=1",
        "spring.datasource.hikari.connection-timeout=1000" })
@EmbeddedKafka
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class PostgresOutageIntegrationTests {

    static final String TOPIC = "outage-it";

    static final String GROUP = "outage-it-group";

    private static final TestPostgres.Database database = TestPostgres.freshDatabase();

    private static final JdbcTemplate server = new JdbcTemplate(TestPostgres.server().dataSource("postgres"));

    private static KafkaFixture kafka;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private MeterRegistry registry;

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        database.register(registry);
    }

    @BeforeAll
    static void connect(@Autowired EmbeddedKafkaBroker broker) {
        kafka = new KafkaFixture(broker);
    }

    @AfterAll
    static void disconnect() {
        allowConnections(true);
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void retriesTheBatchUntilPostgresIsBackThenStoresItAndDeadLettersOnlyTheRefusedRecord(CapturedOutput output)
            throws Exception {
        this.jdbc.execute("ALTER TABLE heartbeats ADD CONSTRAINT refuses_one_patient CHECK (patient_id <> '"
                + DeadLetterIntegrationTests.REFUSED_PATIENT + "')");
        allowConnections(false);
        List<RecordMetadata> sent = kafka.sendAll(TOPIC, "p-1", List.of(reading(1, "p-1"), reading(2, "p-1"),
                reading(3, DeadLetterIntegrationTests.REFUSED_PATIENT), reading(4, "p-1"), reading(5, "p-1")),
                Instant.now());

        await().atMost(Duration.ofSeconds(60)).until(() -> output.getOut().contains("(attempt 2)"));
        assertThat(healthStatus()).isEqualTo(503);
        assertThat(kafka.committedOffsets(GROUP, TOPIC)).isEqualTo(Map.of(new TopicPartition(TOPIC, 0), 0L));
        assertThat(kafka.readAll(TOPIC + ".DLT")).isEmpty();
        assertThat(output.getOut().lines().filter((line) -> line.contains("Could not write " + TOPIC + "-0@")))
            .allSatisfy((line) -> assertThat(line).contains(" WARN ").contains("retrying, offsets stay uncommitted"));

        allowConnections(true);

        await().atMost(Duration.ofSeconds(60))
            .until(() -> kafka.committedOffsets(GROUP, TOPIC).equals(kafka.endOffsets(TOPIC)));
        assertThat(this.jdbc.queryForList("SELECT kafka_offset FROM heartbeats ORDER BY kafka_offset", Long.class))
            .containsExactly(sent.get(0).offset(), sent.get(1).offset(), sent.get(3).offset(), sent.get(4).offset());
        List<ConsumerRecord<String, byte[]>> deadLetters = kafka.readAll(TOPIC + ".DLT");
        assertThat(deadLetters).extracting(ConsumerRecord::value)
            .containsExactly(reading(3, DeadLetterIntegrationTests.REFUSED_PATIENT));
        assertThat(this.registry.get("heartbeat.events.dead.lettered").counter().count()).isEqualTo(1);
        assertThat(healthStatus()).isEqualTo(200);
    }

    // What a stopped server looks like to the consumer: new connections refused, open ones cut.
    private static void allowConnections(boolean allow) {
        server.execute("ALTER DATABASE " + database.name() + " WITH ALLOW_CONNECTIONS " + allow);
        if (!allow) {
            server.queryForList("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?",
                    Boolean.class, database.name());
        }
    }

    private int healthStatus() throws Exception {
        return HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.discarding())
            .statusCode();
    }

    private static byte[] reading(int n, String patientId) {
        return ("{\"event_id\":\"018f0000-0000-7000-8000-00000000010" + n + "\",\"patient_id\":\"" + patientId
                + "\",\"timestamp\":\"2026-03-01T09:59:5" + n + "Z\",\"heartbeat_value\":7" + n + "}")
            .getBytes(StandardCharsets.UTF_8);
    }
}
