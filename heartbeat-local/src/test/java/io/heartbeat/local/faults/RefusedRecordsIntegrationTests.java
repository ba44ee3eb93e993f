package io.heartbeat.local.faults;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.pipeline.ServiceApplications;
import io.heartbeat.testsupport.TestPostgres;
import io.heartbeat.validation.RawPayload;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 4: records PostgreSQL would refuse. A NUL in a string and a multi-megabyte payload are stored as
 * corrupted with their reason; a value beyond its column's range and a record a constraint forbids (one of them
 * several megabytes) go to {@code <topic>.DLT} with the failure in their headers. The rest of their batch is
 * stored, produced = stored + dead-lettered, and the consumer keeps going.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefusedRecordsIntegrationTests {

    private static final String TOPIC = "heartbeats-refused";

    private static final String GROUP = "heartbeat-consumer-refused";

    private static final String REFUSED_PATIENT = "refused-by-postgres";

    private static final int MEGABYTES = 3 * 1024 * 1024;

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path workDir;

    @Test
    void storesOrDeadLettersEveryRefusableRecordWritesTheRestOfItsBatchAndKeepsGoing(CapturedOutput output) {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        StoredHeartbeats stored = new StoredHeartbeats(database.dataSource());
        String filler = "x".repeat(MEGABYTES);
        try (FaultKafka kafka = FaultKafka.start(this.workDir.resolve("kafka"))) {
            kafka.createTopic(TOPIC, 1);
            PipelineEndpoints endpoints = kafka.endpoints(database, TOPIC, GROUP);
            try (ConfigurableApplicationContext consumer = ServiceApplications.startConsumer(endpoints, 0,
                    Map.of("heartbeat.kafka.partitions", "1"))) {
                // Nothing the classifier passes is refused by the schema as shipped; two changes a DBA might make
                // stand in for any such refusal: a narrower column and a constraint.
                stored.jdbc().execute("ALTER TABLE heartbeats ALTER COLUMN heartbeat_value TYPE NUMERIC(6, 2)");
                stored.jdbc().execute("ALTER TABLE heartbeats ADD CONSTRAINT refuses_one_patient "
                        + "CHECK (patient_id <> '" + REFUSED_PATIENT + "')");
                List<byte[]> payloads = List.of(
                        reading(0, "p-1", "72"),
                        utf8("{\"event_id\":\"" + eventId(1) + "\",\"patient_id\":\"p-\0-1\",\"timestamp\":"
                                + "\"2026-03-01T10:00:01Z\",\"heartbeat_value\":72}"),
                        reading(2, "p-\\u0000-1", "72"),
                        reading(3, "p-1", "1e400"),
                        reading(4, "p-1", "73.5"),
                        utf8("{\"event_id\":\"" + eventId(5) + "\",\"patient_id\":\"" + REFUSED_PATIENT
                                + "\",\"timestamp\":\"2026-03-01T10:00:05Z\",\"heartbeat_value\":74,\"note\":\""
                                + filler + "\"}"),
                        reading(6, filler, "75"),
                        reading(7, "p-1", "76"));
                List<RecordMetadata> sent = kafka.sendAll(TOPIC, records(payloads));
                await().atMost(PATIENCE).until(() -> kafka.consumedEverything(GROUP, TOPIC));

                assertThat(stored.jdbc().queryForList(
                        "SELECT kafka_offset || ' ' || validation_status || ' ' || coalesce(anomaly_type, '-') "
                                + "FROM heartbeats ORDER BY kafka_offset", String.class))
                    .containsExactly("0 valid -", "1 corrupted malformed_json", "2 corrupted invalid_patient_id",
                            "4 valid -", "6 corrupted invalid_patient_id", "7 valid -");
                for (int offset : List.of(1, 2, 6)) {
                    assertThat(stored.jdbc().queryForObject("SELECT raw_payload FROM heartbeats "
                            + "WHERE kafka_offset = ?", String.class, offset))
                        .isEqualTo(RawPayload.toText(payloads.get(offset)));
                }
                List<ConsumerRecord<String, byte[]>> deadLetters = kafka.readAll(TOPIC + ".DLT");
                assertThat(deadLetters).extracting(ConsumerRecord::value)
                    .containsExactly(payloads.get(3), payloads.get(5));
                assertDeadLetter(deadLetters.get(0), sent.get(3), "SQLState 22003");
                assertDeadLetter(deadLetters.get(1), sent.get(5), "SQLState 23514");
                MeterRegistry meters = consumer.getBean(MeterRegistry.class);
                assertThat(storedTotal(meters) + deadLettered(meters)).as("stored + dead-lettered")
                    .isEqualTo(payloads.size()).isEqualTo(stored.count() + deadLetters.size());
                // The log says what PostgreSQL refused, not the refused row's data.
                assertThat(output.getOut()).doesNotContain(filler.substring(0, 1000));

                kafka.sendAll(TOPIC, records(List.of(reading(8, "p-1", "77"), reading(9, "p-1", "78"))));
                await().atMost(PATIENCE).until(() -> kafka.consumedEverything(GROUP, TOPIC));
                assertThat(stored.jdbc().queryForList("SELECT kafka_offset FROM heartbeats WHERE kafka_offset > 7 "
                        + "ORDER BY kafka_offset", Long.class)).containsExactly(8L, 9L);
                assertThat(storedTotal(meters) + deadLettered(meters)).isEqualTo(payloads.size() + 2);
            }
        }
    }

    private static void assertDeadLetter(ConsumerRecord<String, byte[]> deadLetter, RecordMetadata original,
            String failure) {
        assertThat(deadLetter.key()).isEqualTo("p-1");
        assertThat(header(deadLetter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(TOPIC);
        assertThat(ByteBuffer.wrap(deadLetter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value())
            .getLong()).isEqualTo(original.offset());
        assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE))
            .contains("PostgreSQL refused " + TOPIC + "-0@" + original.offset()).contains(failure);
    }

    private static List<ProducerRecord<String, byte[]>> records(List<byte[]> payloads) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        payloads.forEach((payload) -> records.add(FaultKafka.readingDayRecord(TOPIC, "p-1", payload)));
        return records;
    }

    private static byte[] reading(int n, String patientId, String value) {
        return utf8("{\"event_id\":\"" + eventId(n) + "\",\"patient_id\":\"" + patientId
                + "\",\"timestamp\":\"2026-03-01T10:00:0" + (n % 10) + "Z\",\"heartbeat_value\":" + value + "}");
    }

    private static String eventId(int n) {
        return String.format("018f0000-0000-7000-8000-%012d", n);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
    }

    private static double storedTotal(MeterRegistry meters) {
        return meters.get("heartbeat.events.stored").counters().stream().mapToDouble((counter) -> counter.count())
            .sum();
    }

    private static double deadLettered(MeterRegistry meters) {
        return meters.get("heartbeat.events.dead.lettered").counter().count();
    }
}
