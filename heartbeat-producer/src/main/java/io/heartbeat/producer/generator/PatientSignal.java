package io.heartbeat.producer.generator;

import java.util.random.RandomGenerator;

import io.heartbeat.validation.HeartRateLimits;

/**
 * One patient's heart rate: a baseline that wanders around the patient's resting rate as a bounded random walk
 * inside the valid range, read with a little noise.
 */
final class PatientSignal {

    // Per reading: the walk's step, its pull back to the resting rate (together a spread of about 5 bpm around
    // rest, wandering over a few hundred readings) and the sensor's noise.
    private static final double STEP = 0.5;

    private static final double PULL = 0.005;

    private static final double NOISE = 1.0;

    private final double low;

    private final double high;

    private final double resting;

    private double baseline;

    PatientSignal(HeartRateLimits limits, RandomGenerator random) {
        this.low = limits.min();
        this.high = limits.max();
        // Resting rates in the middle half of the range, so excursions have room on both sides.
        this.resting = this.low + (this.high - this.low) * (0.25 + 0.5 * random.nextDouble());
        this.baseline = this.resting;
    }

    /** Moves the walk one step and reads it: a whole number of beats per minute inside the valid range. */
    int nextValue(RandomGenerator random) {
        this.baseline = reflect(this.baseline + PULL * (this.resting - this.baseline) + STEP * random.nextGaussian());
        return (int) clamp(Math.round(this.baseline + NOISE * random.nextGaussian()));
    }

    private double reflect(double value) {
        if (value < this.low) {
            return clamp(2 * this.low - value);
        }
        if (value > this.high) {
            return clamp(2 * this.high - value);
        }
        return value;
    }

    // Also catches a step wider than a very narrow range.
    private double clamp(double value) {
        return Math.max(this.low, Math.min(this.high, value));
    }
}
