package io.heartbeat.health;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a broker the Kafka indicator is DOWN within its timeout, so a readiness probe gets an answer, not a
 * time-out. UP against a real broker is shown by both services' integration tests.
 */
class KafkaClusterHealthIndicatorTests {

    @Test
    void isDownWithinItsTimeoutWhenNoBrokerAnswers() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        KafkaClusterHealthIndicator indicator = new KafkaClusterHealthIndicator(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + closedPort), Duration.ofMillis(500));
        try {
            // The first check also creates the admin client, which loads Kafka's classes: seconds on a busy host.
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
            long start = System.nanoTime();
            Health health = indicator.health();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(took).isLessThan(Duration.ofMillis(1500));
        }
        finally {
            indicator.destroy();
        }
    }
}
