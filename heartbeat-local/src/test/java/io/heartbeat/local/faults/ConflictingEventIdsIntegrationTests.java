package io.heartbeat.local.faults;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.pipeline.ServiceApplications;
import io.heartbeat.testsupport.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 12: while the real producer sends, readings already stored are sent again under their event ids, some the
 * same reading spelled otherwise (a replayed buffer), some with another value (a firmware bug). The same ones are
 * duplicates; the others are each stored as a conflict with their bytes and an alert; nothing else changes.
 */
class ConflictingEventIdsIntegrationTests {

    private static final long SEED = 8_080_808L;

    private static final String TOPIC = "heartbeats-conflicting";

    private static final String GROUP = "heartbeat-consumer-conflicting";

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private static final int SAME = 10;

    private static final int CONFLICTING = 20;

    @TempDir
    Path workDir;

    @Test
    void theSameReadingIsADuplicateAndAnotherReadingUnderAStoredIdIsStoredAsAConflict() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        StoredHeartbeats stored = new StoredHeartbeats(database.dataSource());
        try (FaultKafka kafka = FaultKafka.start(this.workDir.resolve("kafka"))) {
            kafka.createTopic(TOPIC, 6);
            PipelineEndpoints endpoints = kafka.endpoints(database, TOPIC, GROUP);
            try (ConfigurableApplicationContext consumer = ServiceApplications.startConsumer(endpoints, 0, Map.of());
                    ConfigurableApplicationContext producer = FaultKafka.startSeededProducer(endpoints, SEED)) {
                await().atMost(PATIENCE).until(() -> stored.count() >= 400);
                List<StoredReading> readings = stored.jdbc().query("SELECT event_id, patient_id, timestamp,"
                        + " heartbeat_value FROM heartbeats WHERE validation_status <> 'corrupted'"
                        + " AND heartbeat_value IS NOT NULL ORDER BY id LIMIT ?",
                        (rs, n) -> new StoredReading(rs.getObject(1, UUID.class), rs.getString(2),
                                rs.getObject(3, OffsetDateTime.class), rs.getBigDecimal(4)), SAME + CONFLICTING);
                List<byte[]> payloads = new ArrayList<>();
                for (int i = 0; i < readings.size(); i++) {
                    payloads.add((i < SAME) ? readings.get(i).respelled() : readings.get(i).otherValue());
                }
                List<RecordMetadata> sent = kafka.sendAll(TOPIC, payloads.stream()
                    .map((payload) -> new ProducerRecord<String, byte[]>(TOPIC, "replayed", payload))
                    .toList());
                await().atMost(PATIENCE).until(() -> stored.count() >= 800);
                producer.close();
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.consumedEverything(GROUP, TOPIC));

                long records = kafka.recordCount(TOPIC);
                MeterRegistry meters = consumer.getBean(MeterRegistry.class);
                assertThat(counter(meters, "heartbeat.events.duplicates")).isEqualTo(SAME);
                assertThat(counter(meters, "heartbeat.events.conflicting")).isEqualTo(CONFLICTING);
                assertThat(meters.get("heartbeat.events.stored").counters().stream()
                    .mapToDouble((counter) -> counter.count()).sum()).isEqualTo(records - SAME);
                assertThat(stored.count()).isEqualTo(records - SAME);
                assertThat(stored.jdbc().queryForObject("SELECT count(DISTINCT (kafka_partition, kafka_offset))"
                        + " FROM heartbeats", Long.class)).isEqualTo(records - SAME);
                for (int i = 0; i < sent.size(); i++) {
                    RecordMetadata at = sent.get(i);
                    List<String> rows = stored.jdbc().queryForList("SELECT concat_ws(' ', event_id,"
                            + " validation_status, anomaly_type, raw_payload = ?) FROM heartbeats"
                            + " WHERE kafka_partition = ? AND kafka_offset = ?", String.class,
                            new String(payloads.get(i), StandardCharsets.UTF_8), at.partition(), at.offset());
                    UUID coordinates = UUID.nameUUIDFromBytes((TOPIC + "/" + at.partition() + "/" + at.offset())
                        .getBytes(StandardCharsets.UTF_8));
                    assertThat(rows).as("record %d at %s", i, at)
                        .isEqualTo((i < SAME) ? List.of()
                                : List.of(coordinates + " corrupted conflicting_event_id t"));
                }
                assertThat(stored.jdbc().queryForObject("SELECT count(*) FROM heartbeats"
                        + " WHERE anomaly_type = 'conflicting_event_id'", Long.class)).isEqualTo(CONFLICTING);
                assertThat(counter(meters, "heartbeat.events.dead.lettered")).isZero();
            }
            stored.assertOneAlertPerViolation();
        }
    }

    private static double counter(MeterRegistry meters, String name) {
        return meters.get(name).counter().count();
    }

    // A stored reading, to be sent again under its event id.
    private record StoredReading(UUID eventId, String patientId, OffsetDateTime timestamp, BigDecimal value) {

        // The same reading as another writer would spell it: keys reordered, spaces, +00:00, one more decimal.
        byte[] respelled() {
            String time = this.timestamp.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime() + "+00:00";
            String value = this.value.setScale(this.value.scale() + 1).toPlainString();
            return json("{ \"heartbeat_value\": " + value + ", \"timestamp\": \"" + time + "\", \"patient_id\": \""
                    + this.patientId + "\", \"event_id\": \"" + this.eventId + "\" }");
        }

        byte[] otherValue() {
            return json("{\"event_id\":\"" + this.eventId + "\",\"patient_id\":\"" + this.patientId
                    + "\",\"timestamp\":\"" + this.timestamp.toInstant() + "\",\"heartbeat_value\":"
                    + this.value.add(BigDecimal.ONE).toPlainString() + "}");
        }

        private static byte[] json(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }
}
