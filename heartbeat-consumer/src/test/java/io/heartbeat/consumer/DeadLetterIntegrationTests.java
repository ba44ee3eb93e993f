package io.heartbeat.consumer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.heartbeat.testsupport.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A record PostgreSQL refuses goes to {@code <topic>.DLT}, as it arrived and with the failure in its headers;
 * the records around it are stored and every offset is committed.
 */
@SpringBootTest(properties = {
        "spring.config.name=application,heartbeat-consumer",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "heartbeat.kafka.topic=" + DeadLetterIntegrationTests.TOPIC,
        "heartbeat.kafka.partitions=2",
        "heartbeat.consumer.group-id=" + DeadLetterIntegrationTests.GROUP })
@EmbeddedKafka
@DirtiesContext
class DeadLetterIntegrationTests {

    static final String TOPIC = "dead-letter-it";

    static final String GROUP = "dead-letter-it-group";

    /** The classifier accepts this patient; the constraint the test adds makes PostgreSQL refuse it. */
    static final String REFUSED_PATIENT = "refused-by-postgres";

    private static final TestPostgres.Database database = TestPostgres.freshDatabase();

    private static KafkaFixture kafka;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private MeterRegistry registry;

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
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void deadLettersOnlyTheRecordPostgresRefusesAndStoresTheRestOfItsBatch() {
        // Nothing the classifier passes is refused by the schema itself (see HeartbeatBatchWriterIntegrationTests
        // for a value NUMERIC cannot hold); a CHECK constraint stands in for any such refusal.
        this.jdbc.execute("ALTER TABLE heartbeats ADD CONSTRAINT refuses_one_patient CHECK (patient_id <> '"
                + REFUSED_PATIENT + "')");
        List<RecordMetadata> sent = new ArrayList<>();
        byte[] refused = reading(3, REFUSED_PATIENT);
        for (int i = 1; i <= 5; i++) {
            // One key, so one partition and, in order, one batch.
            sent.add(kafka.send(TOPIC, "p-1", (i == 3) ? refused : reading(i, "p-1"), Instant.now()));
        }

        await().atMost(Duration.ofSeconds(60))
            .until(() -> kafka.committedOffsets(GROUP, TOPIC).equals(kafka.endOffsets(TOPIC)));

        assertThat(this.jdbc.queryForList("SELECT kafka_offset FROM heartbeats ORDER BY kafka_offset", Long.class))
            .containsExactly(sent.get(0).offset(), sent.get(1).offset(), sent.get(3).offset(), sent.get(4).offset());
        List<ConsumerRecord<String, byte[]>> deadLetters = kafka.readAll(TOPIC + ".DLT");
        assertThat(deadLetters).hasSize(1);
        ConsumerRecord<String, byte[]> deadLetter = deadLetters.get(0);
        assertThat(deadLetter.key()).isEqualTo("p-1");
        assertThat(deadLetter.value()).isEqualTo(refused);
        assertThat(deadLetter.partition()).isEqualTo(sent.get(2).partition());
        assertThat(header(deadLetter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(TOPIC);
        assertThat(ByteBuffer.wrap(deadLetter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value()).getLong())
            .isEqualTo(sent.get(2).offset());
        assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE))
            .contains("PostgreSQL refused " + TOPIC + "-" + sent.get(2).partition() + "@" + sent.get(2).offset())
            .contains("SQLState 23514")
            .contains("refuses_one_patient");
        assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_STACKTRACE)).isNotBlank();
        assertThat(this.registry.get("heartbeat.events.dead.lettered").counter().count()).isEqualTo(1);
        assertThat(this.registry.get("heartbeat.events.stored").tag("status", "valid").counter().count())
            .isEqualTo(4);
    }

    private static byte[] reading(int n, String patientId) {
        return ("{\"event_id\":\"018f0000-0000-7000-8000-00000000000" + n + "\",\"patient_id\":\"" + patientId
                + "\",\"timestamp\":\"2026-03-01T09:59:5" + n + "Z\",\"heartbeat_value\":7" + n + "}")
            .getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
    }
}
