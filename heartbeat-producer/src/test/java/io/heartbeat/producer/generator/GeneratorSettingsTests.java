package io.heartbeat.producer.generator;

import io.heartbeat.validation.HeartRateLimits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GeneratorSettingsTests {

    @Test
    void lowBandMustEndBelowTheValidRange() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new GeneratorSettings(10, 0.2, HeartRateLimits.DEFAULT, 50, 200))
            .withMessage("INVALID_HEART_RATE_MIN (50) must be less than HEART_RATE_MIN (50)");
    }

    @Test
    void highBandMustStartAboveTheValidRange() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new GeneratorSettings(10, 0.2, HeartRateLimits.DEFAULT, 30, 120))
            .withMessage("INVALID_HEART_RATE_MAX (120) must be greater than HEART_RATE_MAX (120)");
    }

    @Test
    void highBandMustStayBelowTheSystemLimit() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new GeneratorSettings(10, 0.2, HeartRateLimits.DEFAULT, 30, 301))
            .withMessage("INVALID_HEART_RATE_MAX must be <= 300, was 301");
    }

    @Test
    void ratioMustBeAShare() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new GeneratorSettings(10, 1.5, HeartRateLimits.DEFAULT, 30, 200))
            .withMessage("PRODUCER_INVALID_RATIO must be between 0 and 1, was 1.5");
    }

    @Test
    void thereMustBeAPatient() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new GeneratorSettings(0, 0.2, HeartRateLimits.DEFAULT, 30, 200))
            .withMessage("CUSTOMER_COUNT must be at least 1, was 0");
    }
}
