package io.heartbeat.consumer.alert;

import io.heartbeat.consumer.ConsumerApplication;
import io.heartbeat.testsupport.TestPostgres;
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
        assertThatException().isThrownBy(() -> start("--ALERT_RESOLVE_AFTER_VALID=0"));

        assertThat(output).contains("Invalid configuration: ALERT_RESOLVE_AFTER_VALID=\"0\": "
                + "must be greater than or equal to 1");
    }

    @Test
    void aNumberTooLargeStopsStartUp(CapturedOutput output) {
        assertThatException().isThrownBy(() -> start("--ALERT_RESOLVE_AFTER_VALID=1001"));

        assertThat(output).contains("Invalid configuration: ALERT_RESOLVE_AFTER_VALID=\"1001\": "
                + "must be less than or equal to 1000");
    }

    // A real database, so nothing but the setting can be what stops it.
    private static void start(String setting) {
        TestPostgres.Database database = TestPostgres.freshDatabase();
        ConsumerApplication.application().run(setting, "--server.port=0", "--spring.kafka.listener.auto-startup=false",
                "--spring.kafka.admin.auto-create=false", "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password())
            .close();
    }
}
