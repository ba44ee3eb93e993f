package io.heartbeat.consumer.alarm;

import io.heartbeat.consumer.ConsumerStartup;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A bad alarm setting stops start-up with one line naming its variable.
 */
@ExtendWith(OutputCaptureExtension.class)
class AlarmSettingsIntegrationTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ALARM_OPEN_AFTER=0           | ALARM_OPEN_AFTER="0": must be greater than or equal to 1
            ALARM_OPEN_AFTER=five        | ALARM_OPEN_AFTER="five": not a valid int
            ALARM_RESOLVE_AFTER_VALID=1001 | ALARM_RESOLVE_AFTER_VALID="1001": must be less than or equal to 1000
            ALARM_SILENT_AFTER=1s        | ALARM_SILENT_AFTER="PT1S": must be between 2s and 1h
            ALARM_SILENT_AFTER=2h        | ALARM_SILENT_AFTER="PT2H": must be between 2s and 1h
            """)
    void aBadValueStopsStartUpNamingItsVariable(String argument, String message, CapturedOutput output) {
        assertThatException().isThrownBy(() -> ConsumerStartup.start("--" + argument));

        assertThat(output).contains("Invalid configuration: " + message);
    }
}
