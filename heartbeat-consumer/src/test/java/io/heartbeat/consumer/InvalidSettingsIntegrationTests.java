package io.heartbeat.consumer;

import io.heartbeat.testsupport.TestPostgres;
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
        assertThatException().isThrownBy(() -> start("--CONSUMER_BATCH_SIZE=0"));

        assertThat(output).contains("Invalid configuration: CONSUMER_BATCH_SIZE=\"0\": "
                + "must be greater than or equal to 1");
    }

    @Test
    void aConcurrencyThatIsNotANumberStopsStartUp(CapturedOutput output) {
        assertThatException().isThrownBy(() -> start("--CONSUMER_CONCURRENCY=many"));

        assertThat(output).contains("Invalid configuration: CONSUMER_CONCURRENCY=\"many\": not a valid int");
    }

    // A real database, so nothing but the setting can be what stops it.
    private static void start(String setting) {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        ConsumerApplication.application().run(setting, "--server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password()).close();
    }
}
