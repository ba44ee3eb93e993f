package io.heartbeat.producer.config;

import java.nio.file.Path;
import java.time.Duration;

import io.heartbeat.producer.episode.EpisodeSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class ProducerEpisodeSettingsTests {

    @Test
    void episodesAreOffByDefault() {
        runner().run((context) -> {
            ProducerEpisodeSettings settings = context.getBean(ProducerEpisodeSettings.class);
            assertThat(settings).isEqualTo(new ProducerEpisodeSettings(1, 0, 0, 0, 0, 60, Duration.ofSeconds(60),
                    5, null));
            assertThat(settings.episodeSettings()).isEqualTo(EpisodeSettings.NONE);
        });
    }

    @Test
    void environmentVariablesSetThem() {
        runner().withPropertyValues("EPISODES_PATIENT_SHARE=0.5", "EPISODES_TACHYCARDIA_PER_HOUR=2",
                "EPISODES_BRADYCARDIA_PER_HOUR=1.5", "EPISODES_DROPOUT_PER_HOUR=1", "EPISODES_SPIKE_PER_HOUR=6",
                "EPISODES_SUSTAINED_READINGS=90", "EPISODES_DROPOUT_DURATION=45", "EPISODES_CHANCE_RUN_READINGS=8",
                "EPISODES_FILE=logs/episodes.jsonl")
            .withInitializer((context) -> new io.heartbeat.config.EnvironmentVariables()
                .postProcessEnvironment(context.getEnvironment(), new SpringApplication()))
            .run((context) -> assertThat(context.getBean(ProducerEpisodeSettings.class)).isEqualTo(
                    new ProducerEpisodeSettings(0.5, 2, 1.5, 1, 6, 90, Duration.ofSeconds(45), 8,
                            Path.of("logs/episodes.jsonl"))));
    }

    @Test
    void anEmptyFileRecordsNone() {
        runner().withPropertyValues("heartbeat.producer.episodes.file=")
            .run((context) -> assertThat(context.getBean(ProducerEpisodeSettings.class).file()).isNull());
    }

    @Test
    void aDropoutMustLast(CapturedOutput output) {
        assertThat(StartupFailure.line(output, "--EPISODES_DROPOUT_DURATION=0s"))
            .isEqualTo("Invalid configuration: heartbeat.producer.episodes: "
                    + "EPISODES_DROPOUT_DURATION must be positive, was PT0S");
    }

    private static ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withUserConfiguration(SettingsOnly.class);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ProducerEpisodeSettings.class)
    static class SettingsOnly {

    }
}
