package io.heartbeat.producer.episode;

import java.time.Duration;

/**
 * Which episodes the generator injects and how often: the EPISODES_* settings but the file, each field named as its
 * variable (docs/producer.md, "Settings"). The constructor rejects impossible values naming the variable.
 */
public record EpisodeSettings(double patientShare, double tachycardiaPerHour, double bradycardiaPerHour,
        double dropoutPerHour, double spikePerHour, int sustainedReadings, Duration dropoutDuration,
        int chanceRunReadings) {

    /** No episodes; the documented defaults for the rest (every patient, 60 readings, 60 s, runs of 5). */
    public static final EpisodeSettings NONE = new EpisodeSettings(1, 0, 0, 0, 0, 60, Duration.ofSeconds(60), 5);

    public EpisodeSettings {
        if (!(patientShare >= 0 && patientShare <= 1)) {
            throw new IllegalArgumentException("EPISODES_PATIENT_SHARE must be between 0 and 1, was " + patientShare);
        }
        requireRate(tachycardiaPerHour, "EPISODES_TACHYCARDIA_PER_HOUR");
        requireRate(bradycardiaPerHour, "EPISODES_BRADYCARDIA_PER_HOUR");
        requireRate(dropoutPerHour, "EPISODES_DROPOUT_PER_HOUR");
        requireRate(spikePerHour, "EPISODES_SPIKE_PER_HOUR");
        if (sustainedReadings < 1) {
            throw new IllegalArgumentException("EPISODES_SUSTAINED_READINGS must be at least 1, was "
                    + sustainedReadings);
        }
        if (dropoutDuration.isNegative() || dropoutDuration.isZero()) {
            throw new IllegalArgumentException("EPISODES_DROPOUT_DURATION must be positive, was " + dropoutDuration);
        }
        if (chanceRunReadings < 1) {
            throw new IllegalArgumentException("EPISODES_CHANCE_RUN_READINGS must be at least 1, was "
                    + chanceRunReadings);
        }
    }

    /** Episodes of {@code kind} per patient and hour. */
    public double perHour(EpisodeKind kind) {
        return switch (kind) {
            case TACHYCARDIA -> this.tachycardiaPerHour;
            case BRADYCARDIA -> this.bradycardiaPerHour;
            case DROPOUT -> this.dropoutPerHour;
            case SPIKE -> this.spikePerHour;
        };
    }

    /** Episodes of any kind per patient and hour. */
    public double totalPerHour() {
        return this.tachycardiaPerHour + this.bradycardiaPerHour + this.dropoutPerHour + this.spikePerHour;
    }

    /** Whether any episode is injected at all. */
    public boolean enabled() {
        return this.patientShare > 0 && totalPerHour() > 0;
    }

    private static void requireRate(double perHour, String variable) {
        if (!(perHour >= 0) || Double.isInfinite(perHour)) {
            throw new IllegalArgumentException(variable + " must be a number >= 0, was " + perHour);
        }
    }
}
