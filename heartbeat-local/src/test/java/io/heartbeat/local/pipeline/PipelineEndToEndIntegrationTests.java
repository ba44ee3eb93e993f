package io.heartbeat.local.pipeline;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.kafka.EmbeddedKafkaServer;
import io.heartbeat.local.ports.LocalPorts;
import io.heartbeat.local.summary.PipelineProbe;
import io.heartbeat.producer.generator.GeneratorSettings;
import io.heartbeat.producer.generator.HeartbeatGenerator;
import io.heartbeat.producer.publish.HeartbeatPublisher;
import io.heartbeat.testsupport.TestPostgres;
import io.heartbeat.validation.ValidationStatus;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real producer and consumer, started by the launcher's own wiring, against a real broker (the launcher's
 * embedded Kafka) and a real PostgreSQL: every event sent is stored once, with its alert, and a full replay of the
 * topic changes nothing.
 */
class PipelineEndToEndIntegrationTests {

    private static final long SEED = 20_260_301L;

    private static final int EVENTS = 2_000;

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path kafkaDir;

    @Test
    void storesEachEventOnceWithOneAlertPerViolationAndAReplayChangesNoCount() throws Exception {
        Map<ValidationStatus, Long> expected = expectedCountsFromTheGenerator();
        TestPostgres.Database database = TestPostgres.freshDatabase();
        PostgresSettings postgres = new PostgresSettings(database.host(), database.port(), database.name(),
                database.user(), database.password(), 5);
        try (EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(this.kafkaDir, LocalPorts.anyFree());
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers()))) {
            PipelineEndpoints endpoints = new PipelineEndpoints(kafka.bootstrapServers(), postgres, "heartbeats-e2e",
                    "heartbeat-consumer-e2e");
            PipelineProbe probe = new PipelineProbe(database.dataSource(), admin, endpoints.topic(),
                    endpoints.groupId());

            try (ConfigurableApplicationContext consumer = ServiceApplications.startConsumer(endpoints, 0, Map.of());
                    ConfigurableApplicationContext producer = ServiceApplications.startProducer(endpoints, 0,
                            Map.of("heartbeat.producer.seed", String.valueOf(SEED),
                                    "heartbeat.producer.max-events", String.valueOf(EVENTS),
                                    "heartbeat.producer.events-per-second", "1000"))) {
                awaitEverythingConsumed(probe);
                assertThat(producedByKind(producer)).isEqualTo(expected);
                assertActuatorOpen(producer, "heartbeat_events_produced_total");
                assertActuatorOpen(consumer, "heartbeat_events_stored_total");
                assertThat(apiDocsStatus(consumer)).isEqualTo(200);
                assertThat(apiDocsStatus(producer)).isEqualTo(404);
            }
            assertStoredExactly(database.dataSource(), expected);

            rewindToTheBeginning(admin, endpoints);
            assertThat(probe.topicProgress().lag()).isEqualTo(EVENTS);
            try (ConfigurableApplicationContext consumer = ServiceApplications.startConsumer(endpoints, 0, Map.of())) {
                awaitEverythingConsumed(probe);
                MeterRegistry meters = consumer.getBean(MeterRegistry.class);
                await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                        meters.get("heartbeat.events.duplicates").counter().count()).isEqualTo(EVENTS));
            }
            assertStoredExactly(database.dataSource(), expected);
        }
    }

    /** Health and metrics answer without credentials, though both services share a classpath with Spring Security. */
    private static void assertActuatorOpen(ConfigurableApplicationContext service, String metric) throws Exception {
        String base = "http://localhost:" + service.getEnvironment().getProperty("local.server.port") + "/actuator/";
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "health")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> prometheus = http.send(HttpRequest.newBuilder(URI.create(base + "prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains(metric);
    }

    /** The alerts API describes itself; the producer, which shares the classpath here but has no API, does not. */
    private static int apiDocsStatus(ConfigurableApplicationContext service) throws Exception {
        URI apiDocs = URI.create("http://localhost:" + service.getEnvironment().getProperty("local.server.port")
                + "/v3/api-docs");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(apiDocs).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** What the producer will send: the same generator, seed and (default) settings, counted per kind. */
    private static Map<ValidationStatus, Long> expectedCountsFromTheGenerator() {
        HeartbeatGenerator generator = new HeartbeatGenerator(SEED, GeneratorSettings.DEFAULT);
        Map<ValidationStatus, Long> counts = new EnumMap<>(ValidationStatus.class);
        for (int i = 0; i < EVENTS; i++) {
            counts.merge(generator.next(Instant.EPOCH).kind(), 1L, Long::sum);
        }
        assertThat(counts).as("the seed gives every status").containsOnlyKeys(ValidationStatus.values());
        return counts;
    }

    private static void awaitEverythingConsumed(PipelineProbe probe) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(probe.topicProgress().endOffsets()).isEqualTo(EVENTS);
            assertThat(probe.topicProgress().lag()).isZero();
        });
    }

    private static Map<ValidationStatus, Long> producedByKind(ConfigurableApplicationContext producer) {
        MeterRegistry meters = producer.getBean(MeterRegistry.class);
        Map<ValidationStatus, Long> produced = new EnumMap<>(ValidationStatus.class);
        for (ValidationStatus kind : ValidationStatus.values()) {
            produced.put(kind, (long) meters.get("heartbeat.events.produced")
                    .tag("kind", HeartbeatPublisher.kindTag(kind)).counter().count());
        }
        return produced;
    }

    private static void rewindToTheBeginning(Admin admin, PipelineEndpoints endpoints) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> beginning = admin.describeTopics(List.of(endpoints.topic()))
                .allTopicNames().get().get(endpoints.topic()).partitions().stream()
                .collect(Collectors.toMap((partition) -> new TopicPartition(endpoints.topic(), partition.partition()),
                        (partition) -> new OffsetAndMetadata(0)));
        admin.alterConsumerGroupOffsets(endpoints.groupId(), beginning).all().get();
    }

    private static void assertStoredExactly(DataSource dataSource, Map<ValidationStatus, Long> expected)
            throws SQLException {
        long violations = expected.entrySet().stream().filter((entry) -> entry.getKey() != ValidationStatus.VALID)
                .mapToLong(Map.Entry::getValue).sum();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            assertThat(count(statement, "SELECT count(*) FROM heartbeats")).isEqualTo(EVENTS);
            for (ValidationStatus status : ValidationStatus.values()) {
                assertThat(count(statement, "SELECT count(*) FROM heartbeats WHERE validation_status = '"
                        + status.dbValue() + "'")).as(status.dbValue()).isEqualTo(expected.get(status));
            }
            assertThat(count(statement, "SELECT count(*) FROM heartbeat_alerts")).isEqualTo(violations);
            assertThat(count(statement, "SELECT count(*) FROM heartbeats h WHERE h.validation_status <> 'valid' "
                    + "AND (SELECT count(*) FROM heartbeat_alerts a WHERE a.heartbeat_id = h.id) = 1"))
                    .as("non-valid readings with exactly one alert").isEqualTo(violations);
            assertThat(count(statement, "SELECT count(*) FROM heartbeat_alerts a JOIN heartbeats h "
                    + "ON h.id = a.heartbeat_id WHERE h.validation_status = 'valid'"))
                    .as("alerts of valid readings").isZero();
            for (ValidationStatus status : ValidationStatus.values()) {
                if (status.alertCategory() != null) {
                    assertThat(count(statement, "SELECT count(*) FROM heartbeat_alerts a JOIN heartbeats h "
                            + "ON h.id = a.heartbeat_id WHERE h.validation_status = '" + status.dbValue()
                            + "' AND a.alert_category = '" + status.alertCategory().dbValue() + "'"))
                            .as("alerts of " + status.dbValue() + " rows with their category")
                            .isEqualTo(expected.get(status));
                }
            }
        }
    }

    private static long count(Statement statement, String query) throws SQLException {
        try (ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
