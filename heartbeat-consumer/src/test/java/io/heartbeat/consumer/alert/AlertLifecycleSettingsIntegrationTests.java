package io.heartbeat.consumer.alert;

import io.heartbeat.consumer.ConsumerStartup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A bad ALERT_RESOLVE_AFTER_VALID stops start-up with one line naming it.
 */
@ExtendWith(OutputCaptureExtension.class)
class AlertLifecycleSettingsIntegrationTests {

    @Test
    void zeroValidReadingsStopsStartUp(CapturedOutput output) {
        assertThatException().isThrownBy(() -> ConsumerStartup.start("--ALERT_RESOLVE_AFTER_VALID=0"));

        assertThat(output).contains("Invalid configuration: ALERT_RESOLVE_AFTER_VALID=\"0\": "
                + "must be greater than or equal to 1");
    }

    @Test
    void aNumberTooLargeStopsStartUp(CapturedOutput output) {
        assertThatException().isThrownBy(() -> ConsumerStartup.start("--ALERT_RESOLVE_AFTER_VALID=1001"));

        assertThat(output).contains("Invalid configuration: ALERT_RESOLVE_AFTER_VALID=\"1001\": "
                + "must be less than or equal to 1000");
    }
}
