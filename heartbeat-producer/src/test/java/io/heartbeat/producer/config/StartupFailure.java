package io.heartbeat.producer.config;

import io.heartbeat.producer.ProducerApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;

import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Starts the real producer with settings that must stop it, and returns the one line its failure report gives.
 */
final class StartupFailure {

    private StartupFailure() {
    }

    static String line(CapturedOutput output, String... args) {
        SpringApplication application = ProducerApplication.application();
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setLogStartupInfo(false);

        assertThatException().isThrownBy(() -> application.run(args).close());

        return output.getOut().lines().filter((line) -> line.startsWith("Invalid configuration: ")).findFirst()
            .orElseThrow(() -> new AssertionError("No failure line in:\n" + output.getOut()));
    }
}
