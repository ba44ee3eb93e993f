package io.heartbeat.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HeartRateLimitsTests {

    @Test
    void defaultsAreTheOriginalRange() {
        assertThat(HeartRateLimits.DEFAULT).isEqualTo(new HeartRateLimits(50, 120));
    }

    @Test
    void minAboveMaxNamesBothVariables() {
        assertThatIllegalArgumentException().isThrownBy(() -> new HeartRateLimits(130, 120))
            .withMessage("HEART_RATE_MIN (130) must not be greater than HEART_RATE_MAX (120)");
    }

    @Test
    void maxAboveSystemLimitIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new HeartRateLimits(50, 301))
            .withMessage("HEART_RATE_MAX must be <= 300, was 301");
    }

    @Test
    void negativeMinIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new HeartRateLimits(-1, 120))
            .withMessage("HEART_RATE_MIN must be >= 0, was -1");
    }
}
