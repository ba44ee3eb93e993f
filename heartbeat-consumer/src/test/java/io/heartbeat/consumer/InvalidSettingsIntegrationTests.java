package io.heartbeat.consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A bad consumer setting stops start-up with one line naming its environment variable.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidSettingsIntegrationTests {

    @Test
    void aBatchSizeOfZeroStopsStartUp(CapturedOutput output) {
        assertThatException().isThrownBy(() -> ConsumerStartup.start("--CONSUMER_BATCH_SIZE=0"));

        assertThat(output).contains("Invalid configuration: CONSUMER_BATCH_SIZE=\"0\": "
                + "must be greater than or equal to 1");
    }

    @Test
    void aConcurrencyThatIsNotANumberStopsStartUp(CapturedOutput output) {
        assertThatException().isThrownBy(() -> ConsumerStartup.start("--CONSUMER_CONCURRENCY=many"));

        assertThat(output).contains("Invalid configuration: CONSUMER_CONCURRENCY=\"many\": not a valid int");
    }

    @Test
    void recordAttemptsOfZeroStopStartUp(CapturedOutput output) {
        assertThatException().isThrownBy(() -> ConsumerStartup.start("--CONSUMER_RECORD_ATTEMPTS=0"));

        assertThat(output).contains("Invalid configuration: CONSUMER_RECORD_ATTEMPTS=\"0\": "
                + "must be greater than or equal to 1");
    }

    @Test
    void aWriteTimeoutOfZeroStopsStartUp(CapturedOutput output) {
        assertThatException().isThrownBy(() -> ConsumerStartup.start("--DB_WRITE_TIMEOUT=0s"));

        assertThat(output).contains("Invalid configuration: DB_WRITE_TIMEOUT=\"PT0S\": must be between 1s and 1h");
    }

    @Test
    void aStallTimeoutOfTwoDaysStopsStartUp(CapturedOutput output) {
        assertThatException().isThrownBy(() -> ConsumerStartup.start("--LISTENER_STALL_TIMEOUT=2d"));

        assertThat(output)
            .contains("Invalid configuration: LISTENER_STALL_TIMEOUT=\"PT48H\": must be between 1s and 24h");
    }

    @Test
    void aRollupIntervalOfTwoHoursStopsStartUp(CapturedOutput output) {
        assertThatException().isThrownBy(() -> ConsumerStartup.start("--ROLLUP_INTERVAL=2h"));

        assertThat(output).contains("Invalid configuration: ROLLUP_INTERVAL=\"PT2H\": must be between 1s and 1h");
    }

    @Test
    void anUnknownTimeZoneStopsStartUp(CapturedOutput output) {
        assertThatException().isThrownBy(() -> ConsumerStartup.start("--TIMESTAMP_DEFAULT_ZONE=Europe/Pariss"));

        assertThat(output)
            .contains("Invalid configuration: TIMESTAMP_DEFAULT_ZONE=\"Europe/Pariss\": not a valid ZoneId");
    }

    @Test
    void anInstanceIdKafkaWouldRefuseStopsStartUp(CapturedOutput output) {
        assertThatException().isThrownBy(() -> ConsumerStartup.start("--CONSUMER_INSTANCE_ID=consumer 1"));

        assertThat(output).contains("Invalid configuration: CONSUMER_INSTANCE_ID=\"consumer 1\": "
                + "must be 1 to 200 letters, digits, '.', '_' or '-'");
    }

    @Test
    void aKafkaThatDoesNotAnswerStopsStartUp(CapturedOutput output) {
        // The property, not KAFKA_BROKER: an embedded broker of another test in this JVM may have set it as a system
        // property, which outranks the variable.
        assertThatException().isThrownBy(() -> ConsumerStartup.start("--spring.kafka.bootstrap-servers=localhost:1",
                "--spring.kafka.admin.operation-timeout=2s", "--spring.kafka.admin.close-timeout=1s"));

        assertThat(output).contains("Kafka unreachable: KAFKA_BROKER=\"localhost:1\": "
                + "no broker answered in time to declare the topics");
    }
}
