package io.heartbeat.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.heartbeat.testsupport.TestPostgres;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch retried whole while PostgreSQL was away holds a record that fails on its own once PostgreSQL is back: the
 * outage dead-letters nothing, however long it lasts; afterwards the record gets its CONSUMER_RECORD_ATTEMPTS
 * attempts and is dead-lettered, and the rest of the batch is stored.
 */
// Kafka 4 refuses timestamps more than an hour ahead, and rolls a log segment at such a jump in time, which would
// split the batch: this broker does neither.
@EmbeddedKafka(brokerProperties = { "log.message.timestamp.after.max.ms=" + Long.MAX_VALUE,
        "log.roll.ms=" + Long.MAX_VALUE, KafkaFixture.KEEP_OLD_RECORDS })
@TestPropertySource(properties = {
        "heartbeat.kafka.topic=" + PoisonAfterOutageIntegrationTests.TOPIC,
        "heartbeat.kafka.partitions=1",
        "heartbeat.consumer.group-id=" + PoisonAfterOutageIntegrationTests.GROUP,
        "heartbeat.consumer.concurrency=1",
        "heartbeat.consumer.record-attempts=3",
        "heartbeat.consumer.retry-initial-interval=100ms",
        "heartbeat.consumer.retry-max-interval=200ms",
        "spring.datasource.hikari.connection-timeout=1000",
        "spring.kafka.listener.auto-startup=false" })
@ExtendWith(OutputCaptureExtension.class)
class PoisonAfterOutageIntegrationTests extends AbstractConsumerIntegrationTests {

    static final String TOPIC = "poison-outage-it";

    static final String GROUP = "poison-outage-it-group";

    private static final JdbcTemplate server = new JdbcTemplate(TestPostgres.server().dataSource("postgres"));

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @AfterAll
    static void allowConnectionsAgain(@Autowired TestPostgres.Database database) {
        allowConnections(database, true);
    }

    @Test
    void retriesForeverWhilePostgresIsAwayThenDeadLettersTheRecordAfterItsAttempts(CapturedOutput output) {
        byte[] poison = "{not json".getBytes(StandardCharsets.UTF_8);
        Instant now = KafkaFixture.READINGS_SENT;
        List<RecordMetadata> sent = List.of(kafka.send(TOPIC, "p-1", reading(1, "p-1"), now),
                kafka.send(TOPIC, "p-1", poison, PoisonRecordIntegrationTests.BEYOND_YEAR_294000),
                kafka.send(TOPIC, "p-1", reading(3, "p-1"), now));
        allowConnections(this.database, false);
        this.listeners.getListenerContainer("heartbeat-consumer").start();

        // Far more attempts than CONSUMER_RECORD_ATTEMPTS, and nothing dead-lettered or committed.
        await().atMost(Duration.ofSeconds(60))
            .until(() -> output.getOut().contains("Could not write " + TOPIC + "-0@0..2 (attempt 8)"));
        assertThat(kafka.readAll(TOPIC + ".DLT")).isEmpty();
        assertThat(counter("heartbeat.events.dead.lettered")).isZero();
        assertThat(kafka.committedOffsets(GROUP, TOPIC)).isEqualTo(Map.of(new TopicPartition(TOPIC, 0), 0L));
        int outageEnd = output.getOut().length();
        allowConnections(this.database, true);

        awaitAllCommitted();
        assertThat(storedOffsets()).containsExactly(sent.get(0).offset(), sent.get(2).offset());
        List<ConsumerRecord<String, byte[]>> deadLetters = kafka.readAll(TOPIC + ".DLT");
        assertThat(deadLetters).extracting(ConsumerRecord::value).containsExactly(poison);
        assertThat(counter("heartbeat.events.dead.lettered")).isEqualTo(1);
        assertThat(stored("valid")).isEqualTo(2);
        assertThat(output.getOut().substring(outageEnd).lines().filter((line) -> line.contains("failed on its own")))
            .allSatisfy((line) -> assertThat(line).contains(" WARN ")
                .contains("Record " + TOPIC + "-0@" + sent.get(1).offset() + " failed on its own (attempt ")
                .contains("ArithmeticException: long overflow"))
            .extracting((line) -> line.replaceAll(".*\\(attempt (\\d of \\d)\\); ([a-z-]+) it.*", "$1 $2"))
            .containsExactly("1 of 3 retrying", "2 of 3 retrying", "3 of 3 dead-lettering");
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
