package io.heartbeat.consumer.partition;

import io.heartbeat.consumer.ConsumerStartup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A bad RETENTION_DAYS or PARTITION_DAYS_AHEAD stops start-up with one line naming it.
 */
@ExtendWith(OutputCaptureExtension.class)
class PartitionSettingsIntegrationTests {

    @Test
    void zeroRetentionDaysStopsStartUp(CapturedOutput output) {
        assertThatException().isThrownBy(() -> ConsumerStartup.start("--RETENTION_DAYS=0"));

        assertThat(output).contains("Invalid configuration: RETENTION_DAYS=\"0\": must be greater than or equal to 1");
    }

    @Test
    void retentionDaysThatAreNotANumberStopStartUp(CapturedOutput output) {
        assertThatException().isThrownBy(() -> ConsumerStartup.start("--RETENTION_DAYS=7d"));

        assertThat(output).contains("Invalid configuration: RETENTION_DAYS=\"7d\": not a valid Integer");
    }

    @Test
    void noDaysAheadStopsStartUp(CapturedOutput output) {
        assertThatException().isThrownBy(() -> ConsumerStartup.start("--PARTITION_DAYS_AHEAD=0"));

        assertThat(output).contains("Invalid configuration: PARTITION_DAYS_AHEAD=\"0\": "
                + "must be greater than or equal to 1");
    }
}
