package io.heartbeat.producer.publish;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PaceTests {

    @Test
    void firstEventIsDueAtTheStart() {
        assertThat(new Pace(10).dueBy(0)).isEqualTo(1);
    }

    @Test
    void dueEventsFollowTheRateWithoutDrift() {
        Pace pace = new Pace(10);

        assertThat(pace.dueBy(99_999_999)).isEqualTo(1);
        assertThat(pace.dueBy(100_000_000)).isEqualTo(2);
        assertThat(pace.dueBy(3_600_000_000_000L)).isEqualTo(36_001);
    }

    @Test
    void highRatesAreDueInBulk() {
        assertThat(new Pace(500_000).dueBy(10_000_000)).isEqualTo(5_001);
    }

    @Test
    void fractionalRatesWork() {
        Pace pace = new Pace(0.5);

        assertThat(pace.dueBy(1_999_999_999)).isEqualTo(1);
        assertThat(pace.dueBy(2_000_000_000)).isEqualTo(2);
        assertThat(pace.offsetNanos(3)).isEqualTo(6_000_000_000L);
    }

    @Test
    void eachEventIsStampedWithTheTimeItWasDue() {
        Pace pace = new Pace(4);

        assertThat(pace.offsetNanos(0)).isZero();
        assertThat(pace.offsetNanos(1)).isEqualTo(250_000_000);
        assertThat(pace.offsetNanos(40_000)).isEqualTo(10_000_000_000_000L);
    }

    @Test
    void rateMustBePositiveAndFinite() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Pace(0));
        assertThatIllegalArgumentException().isThrownBy(() -> new Pace(Double.NaN));
        assertThatIllegalArgumentException().isThrownBy(() -> new Pace(Double.POSITIVE_INFINITY));
    }
}
