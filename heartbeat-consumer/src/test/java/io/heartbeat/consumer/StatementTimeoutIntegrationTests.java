package io.heartbeat.consumer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch that PostgreSQL's {@code statement_timeout} always cancels (set on the role, as a managed service may) is
 * written in halves, each in its own transaction, until the pieces fit; every record is stored once, none is
 * dead-lettered, and the offsets are committed once every piece is stored.
 */
@TestPropertySource(properties = {
        "heartbeat.kafka.topic=" + StatementTimeoutIntegrationTests.TOPIC,
        "heartbeat.kafka.partitions=1",
        "heartbeat.consumer.group-id=" + StatementTimeoutIntegrationTests.GROUP,
        "heartbeat.consumer.concurrency=1",
        "spring.kafka.listener.auto-startup=false" })
@ExtendWith(OutputCaptureExtension.class)
class StatementTimeoutIntegrationTests extends AbstractConsumerIntegrationTests {

    static final String TOPIC = "statement-timeout-it";

    static final String GROUP = "statement-timeout-it-group";

    private static final int RECORDS = 100;

    private static final JdbcTemplate server = new JdbcTemplate(TestPostgres.server().dataSource("postgres"));

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Test
    void writesABatchThatAlwaysTimesOutInPiecesThatFit(CapturedOutput output) {
        // 10 ms per row against 400 ms: the batch of 100 and its halves of 50 are cancelled, quarters of 25 fit.
        this.jdbc.execute("CREATE FUNCTION slow_row() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN PERFORM pg_sleep(0.01); RETURN NEW; END $$");
        // On each partition: PostgreSQL 12 has no BEFORE row triggers on a partitioned table.
        this.jdbc.execute("""
                DO $$
                DECLARE part regclass;
                BEGIN
                    FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'heartbeats'::regclass
                    LOOP
                        EXECUTE format('CREATE TRIGGER slow_rows BEFORE INSERT ON %s FOR EACH ROW'
                            ' EXECUTE FUNCTION slow_row()', part);
                    END LOOP;
                END $$""");
        server.execute("ALTER ROLE " + this.database.user() + " IN DATABASE " + this.database.name()
                + " SET statement_timeout = '400ms'");
        // The setting applies to new sessions: the pool replaces the ones it holds.
        server.queryForList("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?",
                Boolean.class, this.database.name());
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            values.add((i % 25 == 0) ? bradycardia(i, "p-" + i) : reading(i, "p-" + i));
        }
        kafka.sendAll(TOPIC, "k", values, KafkaFixture.READINGS_SENT);
        // Started once every record is there, so the first poll holds them all: one batch.
        this.listeners.getListenerContainer("heartbeat-consumer").start();

        awaitAllCommitted();

        assertThat(storedOffsets()).hasSize(RECORDS).doesNotHaveDuplicates();
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM heartbeat_alerts", Long.class)).isEqualTo(4);
        assertThat(stored("valid")).isEqualTo(96);
        assertThat(stored("invalid_physiological")).isEqualTo(4);
        assertThat(kafka.readAll(TOPIC + ".DLT")).isEmpty();
        assertThat(counter("heartbeat.events.dead.lettered")).isZero();
        assertThat(output.getOut())
            .contains("Writing " + TOPIC + "-0@0..99 timed out; writing it in two halves, each in its own transaction")
            .contains("canceling statement due to statement timeout");
    }

    private static byte[] bradycardia(int event, String patientId) {
        return new String(reading(event, patientId), StandardCharsets.UTF_8)
            .replaceAll("\"heartbeat_value\":\\d+", "\"heartbeat_value\":30")
            .getBytes(StandardCharsets.UTF_8);
    }
}
