package io.heartbeat.consumer.api;

import io.heartbeat.consumer.ConsumerStartup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A weak alerts-API secret stops start-up with one line naming the variable, and never printing the secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiSettingsIntegrationTests {

    @Test
    void aShortTokenStopsStartUpWithoutShowingIt(CapturedOutput output) {
        assertThatException().isThrownBy(() -> ConsumerStartup.start("--ALERTS_API_TOKEN=short-secret"));

        assertThat(output)
            .contains("Invalid configuration: heartbeat.api: ALERTS_API_TOKEN must be at least 16 characters long")
            .doesNotContain("short-secret");
    }
}
