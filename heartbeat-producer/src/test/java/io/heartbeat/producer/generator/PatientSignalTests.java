package io.heartbeat.producer.generator;

import java.util.SplittableRandom;

import io.heartbeat.validation.HeartRateLimits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PatientSignalTests {

    @Test
    void walkStaysInsideTheValidRangeAndCoversPartOfIt() {
        SplittableRandom random = new SplittableRandom(7);
        PatientSignal signal = new PatientSignal(HeartRateLimits.DEFAULT, random);
        int lowest = Integer.MAX_VALUE;
        int highest = Integer.MIN_VALUE;
        for (int i = 0; i < 1_000_000; i++) {
            int value = signal.nextValue(random);
            lowest = Math.min(lowest, value);
            highest = Math.max(highest, value);
        }

        assertThat(lowest).isGreaterThanOrEqualTo(50);
        assertThat(highest).isLessThanOrEqualTo(120);
        assertThat(highest - lowest).as("range covered").isGreaterThanOrEqualTo(20);
    }

    @Test
    void walkStaysInsideARangeNarrowerThanItsSteps() {
        SplittableRandom random = new SplittableRandom(7);
        PatientSignal signal = new PatientSignal(new HeartRateLimits(70, 71), random);

        for (int i = 0; i < 100_000; i++) {
            assertThat(signal.nextValue(random)).isBetween(70, 71);
        }
    }

    @Test
    void aSingleValueRangeGivesThatValue() {
        SplittableRandom random = new SplittableRandom(7);
        PatientSignal signal = new PatientSignal(new HeartRateLimits(80, 80), random);

        for (int i = 0; i < 1_000; i++) {
            assertThat(signal.nextValue(random)).isEqualTo(80);
        }
    }
}
