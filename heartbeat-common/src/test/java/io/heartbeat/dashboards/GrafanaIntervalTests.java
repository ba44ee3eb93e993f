package io.heartbeat.dashboards;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GrafanaIntervalTests {

    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    @Test
    void theDashboardsRangesGiveTheIntervalsGrafanaPicks() {
        // 0.9 s rounds to 1 s, under the panels' 5 s; 21.6 s rounds to 20 s; 86.4 s to 1 min
        assertThat(GrafanaInterval.of(Duration.ofMinutes(15), 1000, FIVE_SECONDS)).isEqualTo(FIVE_SECONDS);
        assertThat(GrafanaInterval.of(Duration.ofHours(6), 1000, FIVE_SECONDS)).isEqualTo(Duration.ofSeconds(20));
        assertThat(GrafanaInterval.of(Duration.ofHours(24), 1000, FIVE_SECONDS)).isEqualTo(Duration.ofMinutes(1));
        assertThat(GrafanaInterval.of(Duration.ofMinutes(15), 1000, Duration.ofSeconds(1)))
            .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void roundsToGrafanasStepsAtTheirBoundaries() {
        assertThat(GrafanaInterval.round(7_499)).isEqualTo(5_000);
        assertThat(GrafanaInterval.round(7_500)).isEqualTo(10_000);
        assertThat(GrafanaInterval.round(89_999)).isEqualTo(60_000);
        assertThat(GrafanaInterval.round(90_000)).isEqualTo(120_000);
        assertThat(GrafanaInterval.round(86_399_999)).isEqualTo(43_200_000);
        assertThat(GrafanaInterval.round(0)).isEqualTo(1);
    }

    @Test
    void aWeekOrMoreIsNotImplemented() {
        assertThatIllegalArgumentException().isThrownBy(() -> GrafanaInterval.round(604_800_000))
            .withMessage("Intervals of a week and more are not implemented here: 604800000 ms");
    }
}
