package io.heartbeat.producer.config;

import java.time.Duration;

import io.heartbeat.config.KafkaTopicSettings;
import io.heartbeat.validation.HeartRateLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ProducerSettingsTests {

    @Test
    void defaultsAreTheDocumentedOnes() {
        new ApplicationContextRunner().withUserConfiguration(SettingsOnly.class).run((context) -> {
            ProducerSettings settings = context.getBean(ProducerSettings.class);
            assertThat(settings).isEqualTo(new ProducerSettings(10, null, 0.2, null, 30, 200, null,
                    Duration.ofMillis(10)));
            assertThat(settings.rate()).isEqualTo(10.0);
            assertThat(settings.eventLimit()).isEqualTo(Long.MAX_VALUE);
            assertThat(context.getBean(KafkaTopicSettings.class))
                .isEqualTo(new KafkaTopicSettings("heartbeats", 6, null));
        });
    }

    @Test
    void rateDefaultsToOneReadingPerPatientPerSecond() {
        new ApplicationContextRunner().withUserConfiguration(SettingsOnly.class)
            .withPropertyValues("heartbeat.producer.customer-count=25")
            .run((context) -> assertThat(context.getBean(ProducerSettings.class).rate()).isEqualTo(25.0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            CUSTOMER_COUNT=0                | CUSTOMER_COUNT="0": must be greater than or equal to 1
            KAFKA_TOPIC_REPLICAS=0          | KAFKA_TOPIC_REPLICAS="0": must be greater than or equal to 1
            PRODUCER_INVALID_RATIO=1.5      | PRODUCER_INVALID_RATIO="1.5": must be less than or equal to 1.0
            INVALID_HEART_RATE_MAX=301      | INVALID_HEART_RATE_MAX="301": must be less than or equal to 300
            PRODUCER_EVENTS_PER_SECOND=fast | PRODUCER_EVENTS_PER_SECOND="fast": not a valid Double
            EPISODES_SPIKE_PER_HOUR=-1      | EPISODES_SPIKE_PER_HOUR="-1.0": must be greater than or equal to 0
            EPISODES_PATIENT_SHARE=2        | EPISODES_PATIENT_SHARE="2.0": must be less than or equal to 1.0
            EPISODES_SUSTAINED_READINGS=0   | EPISODES_SUSTAINED_READINGS="0": must be greater than or equal to 1
            EPISODES_CHANCE_RUN_READINGS=0  | EPISODES_CHANCE_RUN_READINGS="0": must be greater than or equal to 1
            """)
    void aBadValueIsReportedByItsVariable(String argument, String message, CapturedOutput output) {
        assertThat(StartupFailure.line(output, "--" + argument)).isEqualTo("Invalid configuration: " + message);
    }

    @Test
    void highBandReachingTheValidRangeNamesBothVariables(CapturedOutput output) {
        assertThat(StartupFailure.line(output, "--INVALID_HEART_RATE_MAX=110"))
            .isEqualTo("Invalid configuration: heartbeat.producer: "
                    + "INVALID_HEART_RATE_MAX (110) must be greater than HEART_RATE_MAX (120)");
    }

    @Test
    void lowBandReachingTheValidRangeNamesBothVariables(CapturedOutput output) {
        assertThat(StartupFailure.line(output, "--INVALID_HEART_RATE_MIN=55", "--HEART_RATE_MIN=55"))
            .isEqualTo("Invalid configuration: heartbeat.producer: "
                    + "INVALID_HEART_RATE_MIN (55) must be less than HEART_RATE_MIN (55)");
    }

    @Test
    void tickMustBePositive(CapturedOutput output) {
        assertThat(StartupFailure.line(output, "--heartbeat.producer.tick=0s"))
            .isEqualTo("Invalid configuration: heartbeat.producer: heartbeat.producer.tick must be positive, was PT0S");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ ProducerSettings.class, KafkaTopicSettings.class, HeartRateLimits.class })
    static class SettingsOnly {

    }
}
