package io.heartbeat.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.kafka.EmbeddedKafkaServer;
import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.ports.LocalPorts;
import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The benchmark's consumer JVM against a real broker and PostgreSQL: a command it cannot carry out ends the process,
 * so the benchmark's wait for its answer ends at once instead of at its timeout.
 */
class ConsumerChildIntegrationTests {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    // Far longer than the process needs to exit: the test fails on it only if the process stayed up.
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path runDir;

    @Test
    void aCommandTheConsumerCannotCarryOutEndsItsProcess() {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        try (EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(this.runDir.resolve("kafka"), LocalPorts.anyFree());
                ConsumerChild consumer = ConsumerChild.start(new PipelineEndpoints(kafka.bootstrapServers(),
                        new PostgresSettings(database.host(), database.port(), database.name(), database.user(),
                                database.password(), 2),
                        "heartbeats-child", "bench-child"), 1, "256m", this.runDir, Map.of(), "consumer-1")) {
            assertThat(consumer.await("ready", START_TIMEOUT)).containsKey("batch_size");

            consumer.send("rewind");

            assertThatIllegalStateException().isThrownBy(() -> consumer.await("paused", ANSWER_TIMEOUT))
                .withMessage("The consumer exited with status 1 before it answered 'paused'");
        }
    }
}
