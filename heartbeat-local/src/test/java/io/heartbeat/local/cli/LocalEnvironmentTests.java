package io.heartbeat.local.cli;

import java.util.Map;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.ports.PortRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class LocalEnvironmentTests {

    @Test
    void embedsEverythingWithTheServicesDefaultsWhenNothingIsSet() {
        LocalEnvironment environment = new LocalEnvironment(Map.of());

        assertThat(environment.postgres()).isEqualTo(new PostgresSettings("localhost", 5432, "heartbeat_db",
                "heartbeat_user", "heartbeat_pass", 10));
        assertThat(environment.postgresPort()).isEqualTo(PortRequest.byDefault(5432));
        assertThat(environment.externalPostgres()).isFalse();
        assertThat(environment.externalKafka()).isEmpty();
        assertThat(environment.topic()).isEqualTo("heartbeats");
        assertThat(environment.consumer().groupId()).isEqualTo("heartbeat-consumer");
    }

    @Test
    void readsTheDocumentedVariables() {
        LocalEnvironment environment = new LocalEnvironment(Map.of("POSTGRES_HOST", "db.internal",
                "POSTGRES_PORT", "6543", "POSTGRES_DB", "pulse", "POSTGRES_USER", "pulse_user",
                "POSTGRES_PASSWORD", "secret", "DB_POOL_SIZE", "4", "KAFKA_BROKER", "broker:29092",
                "KAFKA_TOPIC", "pulses", "CONSUMER_GROUP_ID", "pulse-consumer"));

        assertThat(environment.postgres()).isEqualTo(new PostgresSettings("db.internal", 6543, "pulse",
                "pulse_user", "secret", 4));
        assertThat(environment.postgresPort()).isEqualTo(PortRequest.explicit(6543));
        assertThat(environment.externalPostgres()).isTrue();
        assertThat(environment.externalKafka()).contains("broker:29092");
        assertThat(environment.topic()).isEqualTo("pulses");
        assertThat(environment.consumer().groupId()).isEqualTo("pulse-consumer");
    }

    @Test
    void reportsABadValueInOneLineNamingTheVariable() {
        Throwable failure = catchThrowable(() -> new LocalEnvironment(Map.of("POSTGRES_PORT", "70000")).postgres());

        assertThat(FailureLine.describe(failure))
                .isEqualTo("Invalid configuration: POSTGRES_PORT=\"70000\": must be less than or equal to 65535");
    }
}
