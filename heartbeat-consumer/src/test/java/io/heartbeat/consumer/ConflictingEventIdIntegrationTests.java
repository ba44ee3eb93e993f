package io.heartbeat.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two records with one event_id, through the whole consumer on a real broker and PostgreSQL: the same reading again
 * is a duplicate, a reading with other content is stored as a conflict under its Kafka coordinates, with its bytes
 * and an alert, in a later batch or in the same one, and a replay of all of it changes nothing.
 */
@TestPropertySource(properties = {
        "heartbeat.kafka.topic=" + ConflictingEventIdIntegrationTests.TOPIC,
        "heartbeat.kafka.partitions=1",
        "heartbeat.consumer.group-id=" + ConflictingEventIdIntegrationTests.GROUP,
        "heartbeat.consumer.batch-size=10",
        "heartbeat.consumer.concurrency=1" })
class ConflictingEventIdIntegrationTests extends AbstractConsumerIntegrationTests {

    static final String TOPIC = "conflicting-it";

    static final String GROUP = "conflicting-it-group";

    private static final Instant SENT = Instant.parse("2026-03-01T10:00:00Z");

    private static final String FIRST_ID = "018f0000-0000-7000-8000-000000000101";

    private static final String SECOND_ID = "018f0000-0000-7000-8000-000000000102";

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Autowired
    private MeterRegistry registry;

    @Test
    void onlyTheSameContentIsADuplicateAndAConflictIsStoredWithItsBytesAndAnAlert() throws Exception {
        byte[] reading = reading(FIRST_ID, "p-1", "72");
        kafka.send(TOPIC, "p-1", reading, SENT);
        awaitAllCommitted();
        // The same reading again, spelled otherwise, as a producer retrying or a replayed buffer would send it.
        kafka.send(TOPIC, "p-1", ("{\"heartbeat_value\": 72.0, \"patient_id\": \"p-1\", \"event_id\": \"" + FIRST_ID
                + "\", \"timestamp\": \"2026-03-01T10:59:59+01:00\"}").getBytes(StandardCharsets.UTF_8), SENT);
        awaitAllCommitted();
        assertThat(count("heartbeats")).isEqualTo(1);
        assertThat(counter("heartbeat.events.duplicates")).isEqualTo(1);
        assertThat(counter("heartbeat.events.conflicting")).isZero();

        // A firmware bug: another reading under a stored id, in a batch after the one that stored the id.
        byte[] laterConflict = reading(FIRST_ID, "p-1", "130");
        RecordMetadata laterConflictAt = kafka.send(TOPIC, "p-1", laterConflict, SENT);
        awaitAllCommitted();
        assertThat(counter("heartbeat.events.conflicting")).isEqualTo(1);

        // Two readings under one new id in one batch, and the first again: the listener is stopped while they
        // are sent, so its first poll after the start takes all three.
        byte[] second = reading(SECOND_ID, "p-2", "70");
        byte[] sameBatchConflict = reading(SECOND_ID, "p-2", "20");
        long batchesBefore = batchesWritten();
        MessageListenerContainer container = this.listeners.getListenerContainer("heartbeat-consumer");
        container.stop();
        List<RecordMetadata> sent = kafka.sendAll(TOPIC, "p-2", List.of(second, sameBatchConflict, second), SENT);
        container.start();
        awaitAllCommitted();
        assertThat(batchesWritten()).isEqualTo(batchesBefore + 1);

        assertThat(rows()).containsExactly(
                "0 " + FIRST_ID + " p-1 72 valid - -",
                "2 " + coordinateKey(laterConflictAt) + " p-1 130 corrupted conflicting_event_id "
                        + text(laterConflict),
                "3 " + SECOND_ID + " p-2 70 valid - -",
                "4 " + coordinateKey(sent.get(1)) + " p-2 20 corrupted conflicting_event_id "
                        + text(sameBatchConflict));
        assertThat(alerts()).containsExactly("2 data_corruption p-1 130 open", "4 data_corruption p-2 20 open");
        assertThat(stored("valid")).isEqualTo(2);
        assertThat(stored("corrupted")).isEqualTo(2);
        assertThat(counter("heartbeat.events.duplicates")).isEqualTo(2);
        assertThat(counter("heartbeat.events.conflicting")).isEqualTo(2);
        assertThat(get("/actuator/prometheus")).contains("heartbeat_events_conflicting_total 2.0");

        // Every record again, the conflicts included: all six are duplicates now.
        replayFromOffsetZero(container);
        await().atMost(Duration.ofSeconds(60)).until(() -> counter("heartbeat.events.duplicates") == 8);
        awaitAllCommitted();
        assertThat(count("heartbeats")).isEqualTo(4);
        assertThat(count("heartbeat_alerts")).isEqualTo(2);
        assertThat(stored("valid") + stored("corrupted") + stored("invalid_physiological") + stored("invalid_system"))
            .isEqualTo(4);
        assertThat(counter("heartbeat.events.conflicting")).isEqualTo(2);
        assertThat(counter("heartbeat.events.dead.lettered")).isZero();
    }

    private void replayFromOffsetZero(MessageListenerContainer container) {
        container.stop();
        await().atMost(Duration.ofSeconds(60)).until(() -> !kafka.hasMembers(GROUP));
        kafka.rewind(GROUP, TOPIC);
        container.start();
    }

    private static byte[] reading(String eventId, String patientId, String value) {
        return ("{\"event_id\":\"" + eventId + "\",\"patient_id\":\"" + patientId
                + "\",\"timestamp\":\"2026-03-01T09:59:59Z\",\"heartbeat_value\":" + value + "}")
            .getBytes(StandardCharsets.UTF_8);
    }

    // Independent of the consumer's code: the name format RecordClassifierTests pins.
    private static UUID coordinateKey(RecordMetadata sent) {
        return UUID.nameUUIDFromBytes((TOPIC + "/" + sent.partition() + "/" + sent.offset())
            .getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] payload) {
        return new String(payload, StandardCharsets.UTF_8);
    }

    private long batchesWritten() {
        return this.registry.get("heartbeat.batch.write").timer().count();
    }

    private List<String> rows() {
        return this.jdbc.queryForList("SELECT concat_ws(' ', kafka_offset, event_id, patient_id, heartbeat_value,"
                + " validation_status, coalesce(anomaly_type, '-'), coalesce(raw_payload, '-')) FROM heartbeats"
                + " ORDER BY kafka_offset", String.class);
    }

    private List<String> alerts() {
        return this.jdbc.queryForList("SELECT concat_ws(' ', h.kafka_offset, a.alert_category, a.patient_id,"
                + " a.heartbeat_value, CASE WHEN a.resolved_flag THEN 'resolved' ELSE 'open' END)"
                + " FROM heartbeat_alerts a JOIN heartbeats h ON h.id = a.heartbeat_id"
                + " WHERE a.timestamp = h.timestamp ORDER BY h.kafka_offset", String.class);
    }

    private long count(String table) {
        return this.jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }
}
