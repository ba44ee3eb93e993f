package io.heartbeat.consumer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A record PostgreSQL refuses goes to {@code <topic>.DLT}, as it arrived and with the failure in its headers;
 * the records around it are stored and every offset is committed.
 */
@TestPropertySource(properties = {
        "heartbeat.kafka.topic=" + DeadLetterIntegrationTests.TOPIC,
        "heartbeat.kafka.partitions=2",
        "heartbeat.consumer.group-id=" + DeadLetterIntegrationTests.GROUP })
class DeadLetterIntegrationTests extends AbstractConsumerIntegrationTests {

    static final String TOPIC = "dead-letter-it";

    static final String GROUP = "dead-letter-it-group";

    /** The classifier accepts this patient; the constraint the test adds makes PostgreSQL refuse it. */
    static final String REFUSED_PATIENT = "refused-by-postgres";

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
            sent.add(kafka.send(TOPIC, "p-1", (i == 3) ? refused : reading(i, "p-1"), KafkaFixture.READINGS_SENT));
        }

        awaitAllCommitted();

        assertThat(storedOffsets())
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
        assertThat(counter("heartbeat.events.dead.lettered")).isEqualTo(1);
        assertThat(stored("valid")).isEqualTo(4);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
    }
}
