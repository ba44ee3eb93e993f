package io.heartbeat.consumer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

import io.heartbeat.testsupport.TestPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dead-letter topic with fewer partitions than the source topic (here 1 against 3, the source made elsewhere)
 * still takes every dead letter: it goes to the source partition modulo the dead-letter topic's partitions. Both
 * ways a record is dead-lettered are covered: by the error handler, and by the listener itself when PostgreSQL comes
 * back during a whole-batch retry.
 */
@EmbeddedKafka(topics = DeadLetterPartitionsIntegrationTests.TOPIC, partitions = 3,
        brokerProperties = KafkaFixture.KEEP_OLD_RECORDS)
@TestPropertySource(properties = {
        "heartbeat.kafka.topic=" + DeadLetterPartitionsIntegrationTests.TOPIC,
        "heartbeat.kafka.partitions=1",
        "heartbeat.consumer.group-id=" + DeadLetterPartitionsIntegrationTests.GROUP,
        "heartbeat.consumer.concurrency=1",
        "spring.datasource.hikari.connection-timeout=1000" })
@ExtendWith(OutputCaptureExtension.class)
class DeadLetterPartitionsIntegrationTests extends AbstractConsumerIntegrationTests {

    static final String TOPIC = "dlt-partitions-it";

    static final String GROUP = "dlt-partitions-it-group";

    private static final JdbcTemplate server = new JdbcTemplate(TestPostgres.server().dataSource("postgres"));

    @AfterAll
    static void allowConnectionsAgain(@Autowired TestPostgres.Database database) {
        allowConnections(database, true);
    }

    @Test
    void deadLettersToAPartitionTheDeadLetterTopicHas(CapturedOutput output) {
        assertThat(kafka.endOffsets(TOPIC)).hasSize(3);
        assertThat(kafka.endOffsets(TOPIC + ".DLT")).hasSize(1);
        this.jdbc.execute("ALTER TABLE heartbeats ADD CONSTRAINT refuses_one_patient CHECK (patient_id <> '"
                + DeadLetterIntegrationTests.REFUSED_PATIENT + "')");

        // Refused on partition 2 in a batch retried whole because PostgreSQL was away.
        allowConnections(this.database, false);
        List<RecordMetadata> retried = send(2, reading(1, "p-1"),
                reading(2, DeadLetterIntegrationTests.REFUSED_PATIENT), reading(3, "p-1"));
        await().atMost(Duration.ofSeconds(60)).until(() -> output.getOut().contains("(attempt 2)"));
        allowConnections(this.database, true);
        awaitAllCommitted();
        // Refused on partition 1 in a fresh batch, dead-lettered by the error handler.
        List<RecordMetadata> fresh = send(1, reading(4, "p-2"), reading(5, DeadLetterIntegrationTests.REFUSED_PATIENT),
                reading(6, "p-2"));
        awaitAllCommitted();

        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM heartbeats", Long.class)).isEqualTo(4);
        List<ConsumerRecord<String, byte[]>> deadLetters = kafka.readAll(TOPIC + ".DLT");
        assertThat(deadLetters).extracting(ConsumerRecord::value)
            .containsExactly(reading(2, DeadLetterIntegrationTests.REFUSED_PATIENT),
                    reading(5, DeadLetterIntegrationTests.REFUSED_PATIENT));
        assertThat(deadLetters).extracting(ConsumerRecord::partition).containsExactly(0, 0);
        assertThat(deadLetters).extracting((record) -> originalPartition(record)).containsExactly(2, 1);
        assertThat(deadLetters).extracting((record) -> originalOffset(record))
            .containsExactly(retried.get(1).offset(), fresh.get(1).offset());
        assertThat(counter("heartbeat.events.dead.lettered")).isEqualTo(2);
        assertThat(output.getOut()).doesNotContain("Could not dead-letter");
    }

    private static List<RecordMetadata> send(int partition, byte[]... values) {
        return kafka.sendAll(TOPIC, partition, "k", List.of(values), KafkaFixture.READINGS_SENT);
    }

    private static int originalPartition(ConsumerRecord<?, ?> record) {
        return ByteBuffer.wrap(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION).value()).getInt();
    }

    private static long originalOffset(ConsumerRecord<?, ?> record) {
        return ByteBuffer.wrap(record.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value()).getLong();
    }

    // What a stopped server looks like to the consumer: new connections refused, open ones cut.
    private static void allowConnections(TestPostgres.Database database, boolean allow) {
        server.execute("ALTER DATABASE " + database.name() + " WITH ALLOW_CONNECTIONS " + allow);
        if (!allow) {
            server.queryForList("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?",
                    Boolean.class, database.name());
        }
    }
}
