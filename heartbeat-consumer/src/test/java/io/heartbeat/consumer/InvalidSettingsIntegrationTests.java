package io.heartbeat.consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A bad consumer setting stops start-up with one line naming its environment variable.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidSettingsIntegrationTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            CONSUMER_BATCH_SIZE=0                | CONSUMER_BATCH_SIZE="0": must be greater than or equal to 1
            CONSUMER_CONCURRENCY=many            | CONSUMER_CONCURRENCY="many": not a valid int
            CONSUMER_RECORD_ATTEMPTS=0           | CONSUMER_RECORD_ATTEMPTS="0": must be greater than or equal to 1
            DB_WRITE_TIMEOUT=0s                  | DB_WRITE_TIMEOUT="PT0S": must be between 1s and 1h
            LISTENER_STALL_TIMEOUT=2d            | LISTENER_STALL_TIMEOUT="PT48H": must be between 1s and 24h
            ROLLUP_INTERVAL=2h                   | ROLLUP_INTERVAL="PT2H": must be between 1s and 1h
            TIMESTAMP_DEFAULT_ZONE=Europe/Pariss | TIMESTAMP_DEFAULT_ZONE="Europe/Pariss": not a valid ZoneId
            RETENTION_DAYS=0                     | RETENTION_DAYS="0": must be greater than or equal to 1
            RETENTION_DAYS=7d                    | RETENTION_DAYS="7d": not a valid Integer
            PARTITION_DAYS_AHEAD=0               | PARTITION_DAYS_AHEAD="0": must be greater than or equal to 1
            ALERT_RESOLVE_AFTER_VALID=0          | ALERT_RESOLVE_AFTER_VALID="0": must be greater than or equal to 1
            ALERT_RESOLVE_AFTER_VALID=1001       | ALERT_RESOLVE_AFTER_VALID="1001": must be less than or equal to 1000
            ALARM_OPEN_AFTER=0                   | ALARM_OPEN_AFTER="0": must be greater than or equal to 1
            ALARM_OPEN_AFTER=five                | ALARM_OPEN_AFTER="five": not a valid int
            ALARM_RESOLVE_AFTER_VALID=1001       | ALARM_RESOLVE_AFTER_VALID="1001": must be less than or equal to 1000
            ALARM_SILENT_AFTER=1s                | ALARM_SILENT_AFTER="PT1S": must be between 2s and 1h
            ALARM_SILENT_AFTER=2h                | ALARM_SILENT_AFTER="PT2H": must be between 2s and 1h
            """)
    void aBadValueStopsStartUpNamingItsVariable(String argument, String message, CapturedOutput output) {
        assertThatException().isThrownBy(() -> ConsumerStartup.start("--" + argument));

        assertThat(output).contains("Invalid configuration: " + message);
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
