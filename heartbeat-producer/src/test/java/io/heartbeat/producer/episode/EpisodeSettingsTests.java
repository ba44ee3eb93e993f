package io.heartbeat.producer.episode;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EpisodeSettingsTests {

    @Test
    void noneInjectsNothing() {
        assertThat(EpisodeSettings.NONE.enabled()).isFalse();
        assertThat(EpisodeSettings.NONE.totalPerHour()).isZero();
    }

    @Test
    void anyRateAboveZeroForAnyPatientsEnablesThem() {
        assertThat(settings(1, 0, 0, 0, 0.5).enabled()).isTrue();
        assertThat(new EpisodeSettings(0, 1, 1, 1, 1, 60, Duration.ofSeconds(60), 5).enabled()).isFalse();
        assertThat(settings(1, 2, 3, 4, 5).totalPerHour()).isEqualTo(14);
    }

    @Test
    void ratesMustBeNumbersOfZeroOrMore() {
        assertThatIllegalArgumentException().isThrownBy(() -> settings(1, -1, 0, 0, 0))
            .withMessage("EPISODES_TACHYCARDIA_PER_HOUR must be a number >= 0, was -1.0");
        assertThatIllegalArgumentException().isThrownBy(() -> settings(1, 0, Double.NaN, 0, 0))
            .withMessage("EPISODES_BRADYCARDIA_PER_HOUR must be a number >= 0, was NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> settings(1, 0, 0, Double.POSITIVE_INFINITY, 0))
            .withMessage("EPISODES_DROPOUT_PER_HOUR must be a number >= 0, was Infinity");
    }

    @Test
    void patientShareMustBeAShare() {
        assertThatIllegalArgumentException().isThrownBy(() -> settings(1.5, 1, 0, 0, 0))
            .withMessage("EPISODES_PATIENT_SHARE must be between 0 and 1, was 1.5");
    }

    @Test
    void aSustainedEpisodeHasAReading() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new EpisodeSettings(1, 1, 0, 0, 0, 0, Duration.ofSeconds(60), 5))
            .withMessage("EPISODES_SUSTAINED_READINGS must be at least 1, was 0");
    }

    @Test
    void aChanceRunHasAReading() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new EpisodeSettings(1, 1, 0, 0, 0, 60, Duration.ofSeconds(60), 0))
            .withMessage("EPISODES_CHANCE_RUN_READINGS must be at least 1, was 0");
    }

    @Test
    void aDropoutLasts() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new EpisodeSettings(1, 0, 0, 1, 0, 60, Duration.ZERO, 5))
            .withMessage("EPISODES_DROPOUT_DURATION must be positive, was PT0S");
    }

    private static EpisodeSettings settings(double share, double tachycardia, double bradycardia, double dropout,
            double spike) {
        return new EpisodeSettings(share, tachycardia, bradycardia, dropout, spike, 60, Duration.ofSeconds(60), 5);
    }
}
