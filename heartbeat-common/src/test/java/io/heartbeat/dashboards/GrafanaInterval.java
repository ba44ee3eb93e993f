package io.heartbeat.dashboards;

import java.time.Duration;

/**
 * The {@code $__interval} Grafana's browser picks for a panel over a time range: the range divided by the data points
 * the panel asks for, rounded to a readable step (rangeutil's calculateInterval and roundInterval), and never below
 * the panel's own minimum interval.
 */
final class GrafanaInterval {

    /** Upper bounds (exclusive, ms) of each step of roundInterval, and the step each rounds to. */
    private static final long[][] STEPS = { { 10, 1 }, { 15, 10 }, { 35, 20 }, { 75, 50 }, { 150, 100 },
            { 350, 200 }, { 750, 500 }, { 1_500, 1_000 }, { 3_500, 2_000 }, { 7_500, 5_000 }, { 12_500, 10_000 },
            { 17_500, 15_000 }, { 25_000, 20_000 }, { 45_000, 30_000 }, { 90_000, 60_000 }, { 210_000, 120_000 },
            { 450_000, 300_000 }, { 750_000, 600_000 }, { 1_050_000, 900_000 }, { 1_500_000, 1_200_000 },
            { 2_700_000, 1_800_000 }, { 5_400_000, 3_600_000 }, { 9_000_000, 7_200_000 },
            { 16_200_000, 10_800_000 }, { 32_400_000, 21_600_000 }, { 86_400_000, 43_200_000 },
            { 604_800_000, 86_400_000 } };

    private GrafanaInterval() {
    }

    /**
     * @param maxDataPoints what the panel asks for (its width in pixels in a browser; the query tests use 1000)
     * @param minInterval the panel's {@code interval}, {@link PanelQueries#DEFAULT_INTERVAL} without one
     */
    static Duration of(Duration range, int maxDataPoints, Duration minInterval) {
        Duration rounded = Duration.ofMillis(round(range.toMillis() / maxDataPoints));
        return (rounded.compareTo(minInterval) < 0) ? minInterval : rounded;
    }

    static long round(long millis) {
        for (long[] step : STEPS) {
            if (millis < step[0]) {
                return step[1];
            }
        }
        throw new IllegalArgumentException("Intervals of a week and more are not implemented here: " + millis + " ms");
    }
}
