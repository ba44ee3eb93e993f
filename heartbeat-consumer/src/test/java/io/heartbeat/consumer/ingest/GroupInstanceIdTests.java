package io.heartbeat.consumer.ingest;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which name the consumer joins its group under: the configured one, else host and HTTP port, else none.
 */
class GroupInstanceIdTests {

    @Test
    void theConfiguredNameWins() {
        assertThat(GroupInstanceId.resolve("consumer-1", "host-a", 8082)).isEqualTo(Optional.of("consumer-1"));
    }

    @Test
    void withoutOneTheHostNameAndPortNameTheInstance() {
        assertThat(GroupInstanceId.resolve(null, "heartbeat-consumer-0", 8082))
            .isEqualTo(Optional.of("heartbeat-consumer-0-8082"));
    }

    @Test
    void charactersKafkaRefusesBecomeDashes() {
        assertThat(GroupInstanceId.resolve(null, "host a:b/c", 8082)).isEqualTo(Optional.of("host-a-b-c-8082"));
    }

    @Test
    void aLongHostNameIsCutToLeaveRoomForThePortAndTheThread() {
        assertThat(GroupInstanceId.resolve(null, "h".repeat(300), 8082))
            .isEqualTo(Optional.of("h".repeat(150) + "-8082"));
    }

    @Test
    void aRandomPortOrNoHostNameMeansADynamicMember() {
        assertThat(GroupInstanceId.resolve(null, "host-a", 0)).isEmpty();
        assertThat(GroupInstanceId.resolve(null, null, 8082)).isEmpty();
        assertThat(GroupInstanceId.resolve(null, " ", 8082)).isEmpty();
    }
}
