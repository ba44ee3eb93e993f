package io.heartbeat.producer.generator;

import io.heartbeat.validation.HeartRateLimits;

/** What {@link HeartbeatGenerator} generates, checked as the service's settings: docs/producer.md, "Settings". */
public record GeneratorSettings(int customerCount, double invalidRatio, HeartRateLimits limits, int invalidMin,
        int invalidMax) {

    /** The documented defaults: 10 patients, 20% invalid, valid 50..120, physiological anomalies 30..200. */
    public static final GeneratorSettings DEFAULT = new GeneratorSettings(10, 0.2, HeartRateLimits.DEFAULT, 30, 200);

    public GeneratorSettings {
        require(customerCount >= 1, "CUSTOMER_COUNT must be at least 1, was " + customerCount);
        require(invalidRatio >= 0 && invalidRatio <= 1,
                "PRODUCER_INVALID_RATIO must be between 0 and 1, was " + invalidRatio);
        require(invalidMin >= 0, "INVALID_HEART_RATE_MIN must be >= 0, was " + invalidMin);
        requireBandsOutside(limits, invalidMin, invalidMax);
        // Above SYSTEM_MAX a value is a device fault (system anomaly), not a physiological one.
        require(invalidMax <= HeartRateLimits.SYSTEM_MAX, "INVALID_HEART_RATE_MAX must be <= "
                + HeartRateLimits.SYSTEM_MAX + ", was " + invalidMax);
    }

    /** The rules tying the anomaly bands to the valid range; throws with a message naming both variables. */
    public static void requireBandsOutside(HeartRateLimits limits, int invalidMin, int invalidMax) {
        require(invalidMin < limits.min(), "INVALID_HEART_RATE_MIN (" + invalidMin
                + ") must be less than HEART_RATE_MIN (" + limits.min() + ")");
        require(invalidMax > limits.max(), "INVALID_HEART_RATE_MAX (" + invalidMax
                + ") must be greater than HEART_RATE_MAX (" + limits.max() + ")");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
