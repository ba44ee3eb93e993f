package io.heartbeat.producer.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import io.heartbeat.producer.episode.EpisodeSettings;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * The episodes the producer injects and the file it records them in (EPISODES_*): docs/producer.md, "Episodes" and
 * "Settings".
 */
@Validated
@ConfigurationProperties("heartbeat.producer.episodes")
public record ProducerEpisodeSettings(
        @DefaultValue("1") @DecimalMin("0.0") @DecimalMax("1.0") double patientShare,
        @DefaultValue("0") @PositiveOrZero double tachycardiaPerHour,
        @DefaultValue("0") @PositiveOrZero double bradycardiaPerHour,
        @DefaultValue("0") @PositiveOrZero double dropoutPerHour,
        @DefaultValue("0") @PositiveOrZero double spikePerHour,
        @DefaultValue("60") @Min(1) int sustainedReadings,
        @DefaultValue("60s") @DurationUnit(ChronoUnit.SECONDS) Duration dropoutDuration,
        @DefaultValue("5") @Min(1) int chanceRunReadings,
        Path file) {

    public ProducerEpisodeSettings {
        if (dropoutDuration.isNegative() || dropoutDuration.isZero()) {
            throw new IllegalArgumentException("EPISODES_DROPOUT_DURATION must be positive, was " + dropoutDuration);
        }
    }

    /** The generator's share of these settings. */
    public EpisodeSettings episodeSettings() {
        return new EpisodeSettings(this.patientShare, this.tachycardiaPerHour, this.bradycardiaPerHour,
                this.dropoutPerHour, this.spikePerHour, this.sustainedReadings, this.dropoutDuration,
                this.chanceRunReadings);
    }
}
