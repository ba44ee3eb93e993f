package io.heartbeat.consumer;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole consumer against a real Kafka broker and a real PostgreSQL: every kind of record is stored exactly
 * once with its alert, offsets are committed after the write, a replay from offset 0 changes nothing, and the
 * rollup job rolls the readings up.
 */
@TestPropertySource(properties = {
        "heartbeat.kafka.topic=" + ConsumerIntegrationTests.TOPIC,
        "heartbeat.kafka.partitions=3",
        "heartbeat.consumer.group-id=" + ConsumerIntegrationTests.GROUP,
        "heartbeat.consumer.batch-size=4",
        "heartbeat.consumer.concurrency=2",
        "heartbeat.rollup.interval=1s" })
class ConsumerIntegrationTests extends AbstractConsumerIntegrationTests {

    static final String TOPIC = "consumer-it";

    static final String GROUP = "consumer-it-group";

    private static final Instant SENT = Instant.parse("2026-03-01T10:00:00Z");

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Autowired
    private ConsumerFactory<?, ?> consumerFactory;

    @Test
    void storesEveryRecordOnceWithItsAlertAndCommitsTheOffsetsAndAReplayChangesNothing() {
        Instant started = Instant.now();
        List<StoredRow> expected = new ArrayList<>();
        expected.add(send("p-valid", reading("018f0000-0000-7000-8000-000000000001", "p-valid", "72"),
                "valid", null, "018f0000-0000-7000-8000-000000000001", "p-valid", "72"));
        expected.add(send("p-low", reading("018f0000-0000-7000-8000-000000000002", "p-low", "35"),
                "invalid_physiological", "low_bpm", "018f0000-0000-7000-8000-000000000002", "p-low", "35"));
        expected.add(send("p-high", reading("018f0000-0000-7000-8000-000000000003", "p-high", "150.5"),
                "invalid_physiological", "high_bpm", "018f0000-0000-7000-8000-000000000003", "p-high", "150.5"));
        expected.add(send("p-null", reading("018f0000-0000-7000-8000-000000000004", "p-null", "null"),
                "invalid_system", "null_value", "018f0000-0000-7000-8000-000000000004", "p-null", null));
        expected.add(send("p-negative", reading("018f0000-0000-7000-8000-000000000005", "p-negative", "-3"),
                "invalid_system", "negative_value", "018f0000-0000-7000-8000-000000000005", "p-negative", "-3"));
        expected.add(send("p-overflow", reading("018f0000-0000-7000-8000-000000000006", "p-overflow", "301"),
                "invalid_system", "overflow_value", "018f0000-0000-7000-8000-000000000006", "p-overflow", "301"));
        expected.add(send("p-missing", "{\"event_id\":\"018f0000-0000-7000-8000-000000000007\",\"patient_id\":"
                + "\"p-missing\",\"timestamp\":\"2026-03-01T09:59:59Z\"}", "corrupted", "missing_field", null,
                "p-missing", null));
        expected.add(send("p-bytes", new byte[] { 'x', 0, (byte) 0xff }, "corrupted", "malformed_json", null,
                "unknown", null));
        expected.add(send("p-tombstone", (byte[]) null, "corrupted", "malformed_json", null, "unknown", null));

        awaitAllCommitted();

        assertThat(storedRows()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(rawPayloads()).containsExactlyInAnyOrder("x\\x00\\xff", null,
                "{\"event_id\":\"018f0000-0000-7000-8000-000000000007\",\"patient_id\":\"p-missing\","
                        + "\"timestamp\":\"2026-03-01T09:59:59Z\"}",
                reading("018f0000-0000-7000-8000-000000000002", "p-low", "35"),
                reading("018f0000-0000-7000-8000-000000000003", "p-high", "150.5"),
                reading("018f0000-0000-7000-8000-000000000004", "p-null", "null"),
                reading("018f0000-0000-7000-8000-000000000005", "p-negative", "-3"),
                reading("018f0000-0000-7000-8000-000000000006", "p-overflow", "301"));
        assertThat(alerts()).containsExactlyInAnyOrder("p-low physiological_anomaly", "p-high physiological_anomaly",
                "p-null system_anomaly", "p-negative system_anomaly", "p-overflow system_anomaly",
                "p-missing data_corruption", "unknown data_corruption", "unknown data_corruption");
        assertThat(stored("valid")).isEqualTo(1);
        assertThat(stored("invalid_physiological")).isEqualTo(2);
        assertThat(stored("invalid_system")).isEqualTo(3);
        assertThat(stored("corrupted")).isEqualTo(3);
        assertThat(counter("heartbeat.events.duplicates")).isZero();
        assertThat(counter("heartbeat.events.dead.lettered")).isZero();
        assertThat(kafka.readAll(TOPIC + ".DLT")).isEmpty();
        // Every record of a committed batch is timed once, from its Kafka timestamp (SENT) to its commit, which
        // came after the test started and before now.
        long earliest = Duration.between(SENT, started).toMillis();
        long latest = Duration.between(SENT, Instant.now()).toMillis();
        assertThat(latencies().count()).isEqualTo(9);
        assertThat(latencies().max(TimeUnit.MILLISECONDS)).isBetween((double) earliest, (double) latest);
        assertThat(latencies().totalTime(TimeUnit.MILLISECONDS)).isBetween(9.0 * earliest, 9.0 * latest);

        replayFromOffsetZero();

        await().atMost(Duration.ofSeconds(60)).until(() -> counter("heartbeat.events.duplicates") == 9);
        awaitAllCommitted();
        // Duplicates are committed records too: their batch's transaction committed, and they went through it.
        assertThat(latencies().count()).isEqualTo(18);
        assertThat(count("heartbeats")).isEqualTo(9);
        assertThat(count("heartbeat_alerts")).isEqualTo(8);
        assertThat(stored("valid") + stored("invalid_physiological") + stored("invalid_system") + stored("corrupted"))
            .isEqualTo(9);
        // the rollup job runs in the consumer, and counts every reading once, the replayed ones too
        await().atMost(Duration.ofSeconds(30)).until(() -> rolledUp("readings") == 9);
        assertThat(rolledUp("valid_readings")).isEqualTo(1);
        assertThat(rolledUp("corrupted_readings")).isEqualTo(3);
    }

    private Timer latencies() {
        return timer("heartbeat.events.latency");
    }

    private long rolledUp(String column) {
        return this.jdbc.queryForObject("SELECT coalesce(sum(" + column + "), 0) FROM heartbeat_minutes", Long.class);
    }

    @Test
    void runsTheListenerWithTheConsumerSettings() {
        ConcurrentMessageListenerContainer<?, ?> container = (ConcurrentMessageListenerContainer<?, ?>) this.listeners
            .getListenerContainer("heartbeat-consumer");

        assertThat(container.getConcurrency()).isEqualTo(2);
        assertThat(container.getGroupId()).isEqualTo(GROUP);
        assertThat(this.consumerFactory.getConfigurationProperties())
            .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4)
            .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
            .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        assertThat(container.getContainerProperties().getAckMode()).isEqualTo(ContainerProperties.AckMode.BATCH);
    }

    @Test
    void exposesHealthWithTheDatabaseProbesAndThePrometheusMetricsTheDashboardsRead() throws Exception {
        assertThat(get("/actuator/health")).contains("\"status\":\"UP\"").contains("\"db\":{\"status\":\"UP\"");
        assertThat(json(get("/actuator/health/liveness")))
            .isEqualTo(json("{\"status\":\"UP\",\"components\":{\"livenessState\":{\"status\":\"UP\"}}}"));
        assertThat(json(get("/actuator/health/readiness"))).isEqualTo(json("{\"status\":\"UP\",\"components\":"
                + "{\"db\":{\"status\":\"UP\"},\"kafka\":{\"status\":\"UP\"},"
                + "\"readinessState\":{\"status\":\"UP\"}}}"));
        String prometheus = get("/actuator/prometheus");
        assertThat(prometheus).contains("heartbeat_events_stored_total{status=\"valid\"}",
                "heartbeat_events_stored_total{status=\"corrupted\"}", "heartbeat_events_duplicates_total",
                "heartbeat_events_dead_lettered_total", "heartbeat_batch_write_seconds_bucket",
                "heartbeat_events_latency_seconds_bucket",
                "hikaricp_connections_active{pool=\"heartbeat-consumer\"}",
                "hikaricp_connections_max{pool=\"heartbeat-consumer\"}", "kafka_consumer_fetch_manager_records_lag_max");
        String info = get("/actuator/info");
        assertThat(info).doesNotContainIgnoringCase("password").doesNotContain(database.password());
        assertThat(status("/actuator/env")).isEqualTo(404);
    }

    private void replayFromOffsetZero() {
        MessageListenerContainer container = this.listeners.getListenerContainer("heartbeat-consumer");
        container.stop();
        await().atMost(Duration.ofSeconds(60)).until(() -> !kafka.hasMembers(GROUP));
        kafka.rewind(GROUP, TOPIC);
        assertThat(kafka.committedOffsets(GROUP, TOPIC)).allSatisfy((partition, offset) -> assertThat(offset).isZero());
        container.start();
    }

    private StoredRow send(String key, String payload, String status, String anomaly, String eventId,
            String patientId, String value) {
        return send(key, payload.getBytes(StandardCharsets.UTF_8), status, anomaly, eventId, patientId, value);
    }

    private StoredRow send(String key, byte[] payload, String status, String anomaly, String eventId, String patientId,
            String value) {
        RecordMetadata sent = kafka.send(TOPIC, key, payload, SENT);
        UUID deliveryKey = (eventId != null) ? UUID.fromString(eventId) : UUID.nameUUIDFromBytes(
                (TOPIC + "/" + sent.partition() + "/" + sent.offset()).getBytes(StandardCharsets.UTF_8));
        Instant timestamp = (status.equals("corrupted") && !"p-missing".equals(patientId)) ? SENT
                : Instant.parse("2026-03-01T09:59:59Z");
        return new StoredRow(deliveryKey, timestamp, patientId, (value != null) ? new BigDecimal(value) : null,
                status, anomaly, sent.partition(), sent.offset());
    }

    private static String reading(String eventId, String patientId, String value) {
        return "{\"event_id\":\"" + eventId + "\",\"patient_id\":\"" + patientId
                + "\",\"timestamp\":\"2026-03-01T09:59:59Z\",\"heartbeat_value\":" + value + "}";
    }

    private List<StoredRow> storedRows() {
        return this.jdbc.query("SELECT event_id, timestamp, patient_id, heartbeat_value, validation_status,"
                + " anomaly_type, kafka_partition, kafka_offset FROM heartbeats",
                (rs, n) -> new StoredRow(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getString(3), rs.getBigDecimal(4), rs.getString(5), rs.getString(6), rs.getInt(7),
                        rs.getLong(8)));
    }

    private List<String> rawPayloads() {
        return this.jdbc.queryForList("SELECT raw_payload FROM heartbeats WHERE validation_status <> 'valid'",
                String.class);
    }

    private List<String> alerts() {
        return this.jdbc.queryForList("SELECT a.patient_id || ' ' || a.alert_category FROM heartbeat_alerts a"
                + " JOIN heartbeats h ON h.id = a.heartbeat_id"
                + " WHERE a.timestamp = h.timestamp AND a.heartbeat_value IS NOT DISTINCT FROM h.heartbeat_value",
                String.class);
    }

    private long count(String table) {
        return this.jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    record StoredRow(UUID eventId, Instant timestamp, String patientId, BigDecimal heartbeatValue, String status,
            String anomalyType, int kafkaPartition, long kafkaOffset) {
    }

    private static JsonNode json(String text) {
        return JsonMapper.builder().build().readTree(text);
    }
}
