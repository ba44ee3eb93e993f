package io.heartbeat.config;

import io.heartbeat.validation.HeartRateLimits;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class InvalidConfigurationFailureAnalyzerTests {

    @Test
    void nonNumberIsReportedByItsVariable() {
        assertThat(startupFailure("--POSTGRES_PORT=abc"))
            .isEqualTo("Invalid configuration: POSTGRES_PORT=\"abc\": not a valid int");
    }

    @Test
    void constraintViolationIsReportedByItsVariable() {
        assertThat(startupFailure("--DB_POOL_SIZE=0"))
            .isEqualTo("Invalid configuration: DB_POOL_SIZE=\"0\": must be greater than or equal to 1");
    }

    @Test
    void crossFieldRuleNamesBothVariables() {
        assertThat(startupFailure("--HEART_RATE_MIN=130", "--HEART_RATE_MAX=120"))
            .isEqualTo("Invalid configuration: heartbeat.limits: "
                    + "HEART_RATE_MIN (130) must not be greater than HEART_RATE_MAX (120)");
    }

    @Test
    void variablesBindTheirProperties() {
        try (ConfigurableApplicationContext context = application().run("--POSTGRES_PORT=6543",
                "--POSTGRES_HOST=db.example", "--HEART_RATE_MIN=40")) {
            assertThat(context.getBean(PostgresSettings.class).jdbcUrl())
                .isEqualTo("jdbc:postgresql://db.example:6543/heartbeat_db");
            assertThat(context.getBean(HeartRateLimits.class)).isEqualTo(new HeartRateLimits(40, 120));
        }
    }

    @Test
    void emptyVariableCountsAsUnset() {
        try (ConfigurableApplicationContext context = application().run("--POSTGRES_PORT=", "--POSTGRES_HOST= ")) {
            assertThat(context.getBean(PostgresSettings.class).jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost:5432/heartbeat_db");
        }
    }

    @Test
    void everyVariableIsListedOnce() {
        assertThat(EnvironmentVariables.ALL).extracting(EnvironmentVariables.Variable::name).doesNotHaveDuplicates();
        assertThat(EnvironmentVariables.ALL).extracting(EnvironmentVariables.Variable::property)
            .doesNotHaveDuplicates();
    }

    private static String startupFailure(String... args) {
        Throwable failure = catchThrowable(() -> application().run(args).close());
        BindException bind = findCause(failure);
        FailureAnalysis analysis = new InvalidConfigurationFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of %s", bind).isNotNull();
        return analysis.getDescription();
    }

    private static BindException findCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                return bind;
            }
        }
        throw new AssertionError("No BindException in " + failure, failure);
    }

    private static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(SettingsConfiguration.class).web(WebApplicationType.NONE)
            .logStartupInfo(false);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ PostgresSettings.class, HeartRateLimits.class })
    @Import(org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration.class)
    static class SettingsConfiguration {

    }
}
