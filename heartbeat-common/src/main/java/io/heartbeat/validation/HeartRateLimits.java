package io.heartbeat.validation;

/**
 * The thresholds of the rules: readings in {@code [min, max]} are valid, readings above {@link #SYSTEM_MAX}
 * or below zero cannot come from a working sensor.
 *
 * @param min lowest valid beats per minute (HEART_RATE_MIN)
 * @param max highest valid beats per minute (HEART_RATE_MAX)
 */
public record HeartRateLimits(int min, int max) {

    /** Above this no human heart beats; such a value is a device fault, not a patient's state. */
    public static final int SYSTEM_MAX = 300;

    public static final HeartRateLimits DEFAULT = new HeartRateLimits(50, 120);

    public HeartRateLimits {
        if (min < 0) {
            throw new IllegalArgumentException("HEART_RATE_MIN must be >= 0, was " + min);
        }
        if (max > SYSTEM_MAX) {
            throw new IllegalArgumentException("HEART_RATE_MAX must be <= " + SYSTEM_MAX + ", was " + max);
        }
        if (min > max) {
            throw new IllegalArgumentException(
                    "HEART_RATE_MIN (" + min + ") must not be greater than HEART_RATE_MAX (" + max + ")");
        }
    }
}
