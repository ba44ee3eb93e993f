package io.heartbeat.consumer;

import java.time.Duration;
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
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While PostgreSQL refuses connections the consumer stores nothing, dead-letters nothing and commits nothing,
 * retrying the batch with one WARN per attempt and reporting DOWN (readiness too, liveness never); once it is back,
 * everything is stored.
 */
@TestPropertySource(properties = {
        "heartbeat.kafka.topic=" + PostgresOutageIntegrationTests.TOPIC,
        "heartbeat.kafka.partitions=1",
        "heartbeat.consumer.group-id=" + PostgresOutageIntegrationTests.GROUP,
        "heartbeat.consumer.concurrency=1",
        "spring.datasource.hikari.connection-timeout=1000" })
@ExtendWith(OutputCaptureExtension.class)
class PostgresOutageIntegrationTests extends AbstractConsumerIntegrationTests {

    static final String TOPIC = "outage-it";

    static final String GROUP = "outage-it-group";

    private static final JdbcTemplate server = new JdbcTemplate(TestPostgres.server().dataSource("postgres"));

    // Runs before the base class closes the Kafka fixture, as a subclass's @AfterAll does.
    @AfterAll
    static void allowConnectionsAgain(@Autowired TestPostgres.Database database) {
        allowConnections(database, true);
    }

    @Test
    void retriesTheBatchUntilPostgresIsBackThenStoresItAndDeadLettersOnlyTheRefusedRecord(CapturedOutput output)
            throws Exception {
        this.jdbc.execute("ALTER TABLE heartbeats ADD CONSTRAINT refuses_one_patient CHECK (patient_id <> '"
                + DeadLetterIntegrationTests.REFUSED_PATIENT + "')");
        allowConnections(this.database, false);
        List<RecordMetadata> sent = kafka.sendAll(TOPIC, "p-1", List.of(reading(101, "p-1"), reading(102, "p-1"),
                reading(103, DeadLetterIntegrationTests.REFUSED_PATIENT), reading(104, "p-1"), reading(105, "p-1")),
                KafkaFixture.READINGS_SENT);

        await().atMost(Duration.ofSeconds(60)).until(() -> output.getOut().contains("(attempt 2)"));
        assertThat(status("/actuator/health")).isEqualTo(503);
        // Kubernetes would stop routing to the consumer, but never restart it for PostgreSQL's sake.
        assertThat(status("/actuator/health/liveness")).isEqualTo(200);
        assertThat(status("/actuator/health/readiness")).isEqualTo(503);
        assertThat(get("/actuator/health/readiness")).contains("\"db\":{\"status\":\"DOWN\"}")
            .contains("\"kafka\":{\"status\":\"UP\"}");
        assertThat(kafka.committedOffsets(GROUP, TOPIC)).isEqualTo(Map.of(new TopicPartition(TOPIC, 0), 0L));
        assertThat(kafka.readAll(TOPIC + ".DLT")).isEmpty();
        assertThat(output.getOut().lines().filter((line) -> line.contains("Could not write " + TOPIC + "-0@")))
            .allSatisfy((line) -> assertThat(line).contains(" WARN ").contains("retrying, offsets stay uncommitted"));

        allowConnections(this.database, true);

        awaitAllCommitted();
        assertThat(storedOffsets())
            .containsExactly(sent.get(0).offset(), sent.get(1).offset(), sent.get(3).offset(), sent.get(4).offset());
        List<ConsumerRecord<String, byte[]>> deadLetters = kafka.readAll(TOPIC + ".DLT");
        assertThat(deadLetters).extracting(ConsumerRecord::value)
            .containsExactly(reading(103, DeadLetterIntegrationTests.REFUSED_PATIENT));
        assertThat(counter("heartbeat.events.dead.lettered")).isEqualTo(1);
        assertThat(status("/actuator/health")).isEqualTo(200);
        assertThat(status("/actuator/health/liveness")).isEqualTo(200);
        assertThat(status("/actuator/health/readiness")).isEqualTo(200);
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
