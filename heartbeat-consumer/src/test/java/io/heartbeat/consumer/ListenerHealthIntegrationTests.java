package io.heartbeat.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.heartbeat.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code listener} health component: DOWN while records wait with no offset committed for the stall timeout
 * (3 s here), and while the listener container is stopped; UP again once it commits, and once it runs again. Never
 * in the liveness or readiness group.
 */
@TestPropertySource(properties = {
        "heartbeat.kafka.topic=" + ListenerHealthIntegrationTests.TOPIC,
        "heartbeat.kafka.partitions=1",
        "heartbeat.consumer.group-id=" + ListenerHealthIntegrationTests.GROUP,
        "heartbeat.consumer.concurrency=1",
        "heartbeat.listener.stall-timeout=3s",
        "spring.datasource.hikari.connection-timeout=1000" })
class ListenerHealthIntegrationTests extends AbstractConsumerIntegrationTests {

    static final String TOPIC = "listener-health-it";

    static final String GROUP = "listener-health-it-group";

    private static final String LISTENER_UP = "\"listener\":{\"status\":\"UP\"}";

    private static final String LISTENER_DOWN = "\"listener\":{\"status\":\"DOWN\"}";

    private static final JdbcTemplate server = new JdbcTemplate(TestPostgres.server().dataSource("postgres"));

    @Autowired
    KafkaListenerEndpointRegistry registry;

    @AfterAll
    static void allowConnectionsAgain(@Autowired TestPostgres.Database database) {
        allowConnections(database, true);
    }

    @Test
    void downWhileRecordsWaitWithoutACommitAndWhileTheContainerIsStopped() throws Exception {
        kafka.sendAll(TOPIC, "p-1", List.of(reading(1, "p-1")), Instant.now());
        awaitAllCommitted();
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/actuator/health").contains(LISTENER_UP));

        allowConnections(this.database, false);
        Instant stalledFrom = Instant.now();
        kafka.sendAll(TOPIC, "p-1", List.of(reading(2, "p-1"), reading(3, "p-1")), Instant.now());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> get("/actuator/health").contains(LISTENER_DOWN));
        assertThat(Duration.between(stalledFrom, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(get("/actuator/health/readiness")).doesNotContain("listener");
        assertThat(status("/actuator/health/liveness")).isEqualTo(200);

        allowConnections(this.database, true);
        awaitAllCommitted();
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/actuator/health").contains(LISTENER_UP));
        assertThat(storedOffsets()).containsExactly(0L, 1L, 2L);

        MessageListenerContainer container = this.registry.getListenerContainer("heartbeat-consumer");
        container.stop();
        assertThat(get("/actuator/health")).contains(LISTENER_DOWN);
        assertThat(status("/actuator/health")).isEqualTo(503);
        container.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/actuator/health").contains(LISTENER_UP));
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
