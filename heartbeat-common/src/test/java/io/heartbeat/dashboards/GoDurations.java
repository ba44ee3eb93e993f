package io.heartbeat.dashboards;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Grafana reads and prints them: parsed like Prometheus' {@code model.ParseDuration}
 * (prometheus/common model/time.go), which Grafana's provisioning uses for intervals and {@code for}, and printed
 * like Go's {@code time.Duration.String()}, which Grafana's messages use.
 */
final class GoDurations {

    // prometheus/common model/time.go durationRE: units in this order, each at most once, no sign, no fraction
    private static final Pattern DURATION = Pattern.compile(
            "^(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?$");

    private static final long[] UNIT_MILLIS = { 365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000,
            3600L * 1000, 60L * 1000, 1000L, 1L };

    private GoDurations() {
    }

    /** The duration, or an {@link IllegalArgumentException} whose message is Prometheus' own. */
    static Duration parse(String text) {
        if ("0".equals(text)) {
            return Duration.ZERO;
        }
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a valid duration string: \"" + text + "\"");
        }
        long millis = 0;
        for (int unit = 0; unit < UNIT_MILLIS.length; unit++) {
            if (matcher.group(unit + 1) != null) {
                millis += Long.parseLong(matcher.group(unit + 1)) * UNIT_MILLIS[unit];
            }
        }
        return Duration.ofMillis(millis);
    }

    /** Go's {@code time.Duration.String()} for whole seconds: 0s, 15s, 1m30s, 1h0m0s. */
    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + "m" + (seconds % 60) + "s";
        }
        return (seconds / 3600) + "h" + (seconds % 3600 / 60) + "m" + (seconds % 60) + "s";
    }
}
