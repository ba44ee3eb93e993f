package io.heartbeat.logging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The services' logback-spring.xml, as Boot loads it: the console is JSON when
 * {@code logging.structured.format.console} is set, plain text otherwise; the files under LOG_DIR stay plain.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConsoleLoggingTests {

    private static final String MESSAGE = "Console line of ConsoleLoggingTests";

    // Boot leaves logback configured, and its settings as system properties, when a context closes; later tests
    // of this JVM expect logback's default.
    @AfterEach
    void restoreLogbacksDefault() throws JoranException {
        System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void structuredFormatEcsMakesEachConsoleLineOneJsonObject(CapturedOutput output, @TempDir Path logs)
            throws Exception {
        logOnceWith(logs, "--logging.structured.format.console=ecs");

        List<String> lines = output.getOut().lines().filter((line) -> line.contains(MESSAGE)).toList();
        assertThat(lines).hasSize(1);
        JsonNode line = JsonMapper.builder().build().readTree(lines.get(0));
        assertThat(line.path("message").asString()).isEqualTo(MESSAGE);
        assertThat(line.path("log").path("level").asString()).isEqualTo("INFO");
        assertThat(line.path("log").path("logger").asString()).isEqualTo(ConsoleLoggingTests.class.getName());
        assertThat(line.path("service").path("name").asString()).isEqualTo("console-log-test");
        assertThat(line.path("ecs").path("version").asString()).isNotEmpty();
        assertThat(line.path("@timestamp").asString()).isNotEmpty();
        assertThat(Files.readString(logs.resolve("general.log")))
            .contains(" INFO  [main] i.h.logging.ConsoleLoggingTests - " + MESSAGE)
            .doesNotContain("{\"@timestamp\"");
    }

    @Test
    void withoutAStructuredFormatTheConsoleIsPlainText(CapturedOutput output, @TempDir Path logs) {
        logOnceWith(logs);

        List<String> lines = output.getOut().lines().filter((line) -> line.contains(MESSAGE)).toList();
        assertThat(lines).singleElement().asString()
            .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[^ ]+ +INFO \\d+ --- \\[console-log-test\\] .*"
                    + " : " + MESSAGE);
    }

    private static void logOnceWith(Path logs, String... settings) {
        SpringApplication application = new SpringApplication(Minimal.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        String[] args = Stream.concat(Stream.of("--spring.application.name=console-log-test", "--LOG_DIR=" + logs,
                "--spring.main.banner-mode=off"), Stream.of(settings)).toArray(String[]::new);
        try (ConfigurableApplicationContext context = application.run(args)) {
            LoggerFactory.getLogger(ConsoleLoggingTests.class).info(MESSAGE);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Minimal {

    }
}
