package io.heartbeat.consumer;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.heartbeat.consumer.OriginalPayloads.OriginalPayload;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original project's producer's payloads, byte for byte and without a record key as it sends them, through the
 * whole consumer on a real Kafka and a real PostgreSQL: each is stored with the status and anomaly type that the
 * classification table gives its value, at its timestamp read as UTC, under a key derived from where it landed.
 */
@TestPropertySource(properties = {
        "heartbeat.kafka.topic=" + OriginalProducerIntegrationTests.TOPIC,
        "heartbeat.kafka.partitions=3",
        "heartbeat.consumer.group-id=original-producer-it-group",
        "heartbeat.consumer.batch-size=300" })
class OriginalProducerIntegrationTests extends AbstractConsumerIntegrationTests {

    static final String TOPIC = "original-producer-it";

    // The defaults of HEART_RATE_MIN and HEART_RATE_MAX, which this consumer runs with; both are valid.
    private static final BigDecimal MIN = BigDecimal.valueOf(50);

    private static final BigDecimal MAX = BigDecimal.valueOf(120);

    private static final BigDecimal SYSTEM_MAX = BigDecimal.valueOf(300);

    // At no payload's timestamp, so a reading stored at it would have lost its own; after the last, as a record is
    // sent after its reading is taken (a reading later than its record is future_timestamp). Not ahead of now:
    // Kafka 4 brokers refuse a record stamped over an hour ahead (message.timestamp.after.max.ms).
    private static final Instant SENT = Instant.parse("2026-12-04T09:00:00Z");

    @Test
    void theFixtureHoldsEveryValueRangeAndBothTimestampForms() {
        List<OriginalPayload> payloads = OriginalPayloads.read();

        assertThat(payloads).hasSize(1000);
        assertThat(payloads).allSatisfy((payload) -> assertThat(payload.text()).doesNotContain("event_id")
            .startsWith("{\"patient_id\": \"").doesNotEndWith("\r"));
        assertThat(payloads).filteredOn((payload) -> !payload.timestamp().contains(".")).hasSize(20)
            .allSatisfy((payload) -> assertThat(payload.timestampAsUtc().get(ChronoField.NANO_OF_SECOND)).isZero());
        assertThat(payloads).filteredOn((payload) -> payload.timestamp().contains("."))
            .allSatisfy((payload) -> assertThat(payload.timestamp()).matches(".*\\.[0-9]{6}"));
        assertThat(count(payloads, (value) -> value.signum() < 0)).isEqualTo(30);
        assertThat(count(payloads, (value) -> value.compareTo(SYSTEM_MAX) > 0)).isEqualTo(25);
        assertThat(count(payloads, (value) -> value.signum() >= 0 && value.compareTo(MIN) < 0)).isEqualTo(78);
        assertThat(count(payloads, (value) -> value.compareTo(MAX) > 0 && value.compareTo(SYSTEM_MAX) <= 0))
            .isEqualTo(91);
        assertThat(count(payloads, (value) -> value.compareTo(MIN) == 0)).isEqualTo(14);
        assertThat(count(payloads, (value) -> value.compareTo(MAX) == 0)).isEqualTo(7);
    }

    @Test
    void storesEveryReadingWithTheStatusOfItsValueAtItsTimeReadAsUtc() {
        List<OriginalPayload> payloads = OriginalPayloads.read();
        List<RecordMetadata> sent = kafka.sendAll(TOPIC, null,
                payloads.stream().map(OriginalPayload::bytes).toList(), SENT);
        List<StoredRow> expected = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            expected.add(expectedRow(payloads.get(i), sent.get(i)));
        }

        awaitAllCommitted();

        List<StoredRow> stored = storedRows();
        assertThat(stored).hasSize(1000).containsExactlyInAnyOrderElementsOf(expected);
        long notValid = expected.stream().filter((row) -> !row.status().equals("valid")).count();
        assertThat(notValid).isEqualTo(224);
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM heartbeat_alerts", Long.class)).isEqualTo(notValid);
        assertThat(alertCategories()).isEqualTo(expected.stream().filter((row) -> !row.status().equals("valid"))
            .collect(Collectors.toMap(StoredRow::eventId, (row) -> category(row.status()))));
        assertThat(stored("valid")).isEqualTo(776);
        assertThat(stored("invalid_physiological")).isEqualTo(169);
        assertThat(stored("invalid_system")).isEqualTo(55);
        assertThat(stored("corrupted")).isZero();
        assertThat(counter("heartbeat.events.dead.lettered")).isZero();
    }

    private static StoredRow expectedRow(OriginalPayload payload, RecordMetadata sent) {
        String[] classification = classification(payload.value());
        UUID deliveryKey = UUID.nameUUIDFromBytes(
                (TOPIC + "/" + sent.partition() + "/" + sent.offset()).getBytes(StandardCharsets.UTF_8));
        String rawPayload = classification[0].equals("valid") ? null : payload.text();
        return new StoredRow(deliveryKey, payload.timestampAsUtc(), payload.patientId(), payload.value(),
                classification[0], classification[1], rawPayload, sent.partition(), sent.offset());
    }

    // The README's classification table for a number: status and anomaly type.
    private static String[] classification(BigDecimal value) {
        if (value.signum() < 0) {
            return new String[] { "invalid_system", "negative_value" };
        }
        if (value.compareTo(SYSTEM_MAX) > 0) {
            return new String[] { "invalid_system", "overflow_value" };
        }
        if (value.compareTo(MIN) < 0) {
            return new String[] { "invalid_physiological", "low_bpm" };
        }
        if (value.compareTo(MAX) > 0) {
            return new String[] { "invalid_physiological", "high_bpm" };
        }
        return new String[] { "valid", null };
    }

    private static String category(String status) {
        return status.equals("invalid_system") ? "system_anomaly" : "physiological_anomaly";
    }

    private static long count(List<OriginalPayload> payloads, Predicate<BigDecimal> value) {
        return payloads.stream().map(OriginalPayload::value).filter(value).count();
    }

    private List<StoredRow> storedRows() {
        return this.jdbc.query("SELECT event_id, timestamp, patient_id, heartbeat_value, validation_status,"
                + " anomaly_type, raw_payload, kafka_partition, kafka_offset FROM heartbeats",
                (rs, n) -> new StoredRow(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getString(3), rs.getBigDecimal(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getInt(8), rs.getLong(9)));
    }

    // Each alert's category by its reading's delivery key, with the reading's own time, patient and value.
    private Map<UUID, String> alertCategories() {
        return this.jdbc.query("SELECT h.event_id, a.alert_category FROM heartbeat_alerts a"
                + " JOIN heartbeats h ON h.id = a.heartbeat_id AND h.timestamp = a.timestamp"
                + " AND h.patient_id = a.patient_id AND h.heartbeat_value = a.heartbeat_value", (rs, n) -> Map.entry(
                        rs.getObject(1, UUID.class), rs.getString(2)))
            .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    record StoredRow(UUID eventId, Instant timestamp, String patientId, BigDecimal heartbeatValue, String status,
            String anomalyType, String rawPayload, int kafkaPartition, long kafkaOffset) {
    }
}
