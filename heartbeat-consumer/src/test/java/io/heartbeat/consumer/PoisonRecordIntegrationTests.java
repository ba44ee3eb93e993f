package io.heartbeat.consumer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A record that fails on its own, for a reason other than PostgreSQL refusing it, is tried CONSUMER_RECORD_ATTEMPTS
 * times, then dead-lettered with its reason; the rest of its batch is stored. The record is a corrupted payload
 * whose Kafka timestamp lies beyond year 294,000, which a Kafka 3.x broker accepted: its time overflows PostgreSQL's
 * microseconds.
 */
// Kafka 4 refuses timestamps more than an hour ahead, and rolls a log segment at such a jump in time, which would
// split the batch: this broker does neither.
@EmbeddedKafka(brokerProperties = { "log.message.timestamp.after.max.ms=" + Long.MAX_VALUE,
        "log.roll.ms=" + Long.MAX_VALUE, KafkaFixture.KEEP_OLD_RECORDS })
@TestPropertySource(properties = {
        "heartbeat.kafka.topic=" + PoisonRecordIntegrationTests.TOPIC,
        "heartbeat.kafka.partitions=1",
        "heartbeat.consumer.group-id=" + PoisonRecordIntegrationTests.GROUP,
        "heartbeat.consumer.concurrency=1",
        "heartbeat.consumer.record-attempts=3",
        "heartbeat.consumer.retry-initial-interval=100ms",
        "heartbeat.consumer.retry-max-interval=200ms",
        "spring.kafka.listener.auto-startup=false",
        "logging.level.io.heartbeat.consumer.ingest.HeartbeatListener=DEBUG" })
@ExtendWith(OutputCaptureExtension.class)
class PoisonRecordIntegrationTests extends AbstractConsumerIntegrationTests {

    static final String TOPIC = "poison-it";

    static final String GROUP = "poison-it-group";

    /** Year 296,680: Instant takes it, PostgreSQL's microseconds since 2000 do not fit a long. */
    static final Instant BEYOND_YEAR_294000 = Instant.ofEpochMilli(9_300_000_000_000_000L);

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Test
    void deadLettersTheRecordAfterThreeAttemptsAndStoresTheRestOfItsBatch(CapturedOutput output) {
        byte[] poison = "{not json".getBytes(StandardCharsets.UTF_8);
        List<RecordMetadata> sent = new ArrayList<>();
        Instant now = KafkaFixture.READINGS_SENT;
        sent.add(kafka.send(TOPIC, "p-1", reading(1, "p-1"), now));
        sent.add(kafka.send(TOPIC, "p-1", tachycardia(2, "p-1"), now));
        sent.add(kafka.send(TOPIC, "p-1", poison, BEYOND_YEAR_294000));
        sent.add(kafka.send(TOPIC, "p-1", reading(4, "p-1"), now));
        sent.add(kafka.send(TOPIC, "p-1", reading(5, "p-1"), now));
        // Started once every record is there, so the first poll holds them all: one batch.
        this.listeners.getListenerContainer("heartbeat-consumer").start();

        awaitAllCommitted();
        assertThat(output.getOut()).contains("Writing " + TOPIC + "-0@0..4 failed; writing it in two halves");

        assertThat(storedOffsets()).containsExactly(sent.get(0).offset(), sent.get(1).offset(), sent.get(3).offset(),
                sent.get(4).offset());
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM heartbeat_alerts", Long.class)).isEqualTo(1);
        List<ConsumerRecord<String, byte[]>> deadLetters = kafka.readAll(TOPIC + ".DLT");
        assertThat(deadLetters).hasSize(1);
        ConsumerRecord<String, byte[]> deadLetter = deadLetters.get(0);
        assertThat(deadLetter.value()).isEqualTo(poison);
        assertThat(ByteBuffer.wrap(deadLetter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP).value())
            .getLong()).isEqualTo(BEYOND_YEAR_294000.toEpochMilli());
        assertThat(ByteBuffer.wrap(deadLetter.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value()).getLong())
            .isEqualTo(sent.get(2).offset());
        assertThat(header(deadLetter, KafkaHeaders.DLT_EXCEPTION_MESSAGE))
            .contains("Could not write " + TOPIC + "-0@" + sent.get(2).offset())
            .contains("java.lang.ArithmeticException: long overflow");
        assertThat(counter("heartbeat.events.dead.lettered")).isEqualTo(1);
        assertThat(stored("valid")).isEqualTo(3);
        assertThat(stored("invalid_physiological")).isEqualTo(1);
        assertThat(stored("corrupted")).isZero();
        assertThat(output.getOut().lines().filter((line) -> line.contains("failed on its own")))
            .allSatisfy((line) -> assertThat(line).contains(" WARN ")
                .contains("Record " + TOPIC + "-0@" + sent.get(2).offset() + " failed on its own (attempt ")
                .contains("ArithmeticException: long overflow"))
            .extracting((line) -> line.replaceAll(".*\\(attempt (\\d of \\d)\\); ([a-z-]+) it.*", "$1 $2"))
            .containsExactly("1 of 3 retrying", "2 of 3 retrying", "3 of 3 dead-lettering");
    }

    private static byte[] tachycardia(int event, String patientId) {
        return new String(reading(event, patientId), StandardCharsets.UTF_8)
            .replaceAll("\"heartbeat_value\":\\d+", "\"heartbeat_value\":190")
            .getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
    }
}
