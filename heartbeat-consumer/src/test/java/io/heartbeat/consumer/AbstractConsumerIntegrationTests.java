package io.heartbeat.consumer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.heartbeat.testsupport.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import static org.awaitility.Awaitility.await;

/**
 * The whole consumer on an embedded broker and a database of its own, as its Kafka integration tests run it; each
 * subclass names its topic, partitions and group with {@code @TestPropertySource}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=application,heartbeat-consumer",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}" })
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@EmbeddedKafka(brokerProperties = KafkaFixture.KEEP_OLD_RECORDS)
@DirtiesContext
abstract class AbstractConsumerIntegrationTests {

    static KafkaFixture kafka;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TestPostgres.Database database;

    @Autowired
    private MeterRegistry registry;

    @LocalServerPort
    private int port;

    @Value("${heartbeat.kafka.topic}")
    private String topic;

    @Value("${heartbeat.consumer.group-id}")
    private String group;

    @BeforeAll
    static void connect(@Autowired EmbeddedKafkaBroker broker) {
        kafka = new KafkaFixture(broker);
    }

    @AfterAll
    static void disconnect() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Waits until the consumer's group has committed every record on the topic. */
    void awaitAllCommitted() {
        await().atMost(Duration.ofSeconds(60))
            .until(() -> kafka.committedOffsets(this.group, this.topic).equals(kafka.endOffsets(this.topic)));
    }

    /** A valid reading as JSON: event id, second and value all follow from {@code event}. */
    static byte[] reading(int event, String patientId) {
        return ("{\"event_id\":\"018f0000-0000-7000-8000-%012d\",\"patient_id\":\"%s\",\"timestamp\":"
                + "\"2026-03-01T09:59:5%dZ\",\"heartbeat_value\":7%d}")
            .formatted(event, patientId, event % 10, event % 10)
            .getBytes(StandardCharsets.UTF_8);
    }

    List<Long> storedOffsets() {
        return this.jdbc.queryForList("SELECT kafka_offset FROM heartbeats ORDER BY kafka_offset", Long.class);
    }

    double stored(String status) {
        return this.registry.get("heartbeat.events.stored").tag("status", status).counter().count();
    }

    double counter(String name) {
        return this.registry.get(name).counter().count();
    }

    Timer timer(String name) {
        return this.registry.get(name).timer();
    }

    String get(String path) throws Exception {
        return request(path).body();
    }

    int status(String path) throws Exception {
        return request(path).statusCode();
    }

    private HttpResponse<String> request(String path) throws Exception {
        return HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
    }
}
