package io.heartbeat.consumer.api;

import io.heartbeat.consumer.ConsumerApplication;
import io.heartbeat.testsupport.TestPostgres;
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
        assertThatException().isThrownBy(() -> start("--ALERTS_API_TOKEN=short-secret"));

        assertThat(output)
            .contains("Invalid configuration: heartbeat.api: ALERTS_API_TOKEN must be at least 16 characters long")
            .doesNotContain("short-secret");
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
