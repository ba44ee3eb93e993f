package io.heartbeat.producer.episode;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

import io.heartbeat.validation.HeartRateLimits;

/**
 * One patient's episodes: when the next one starts, of which kind, and what the patient does at each of its turns
 * while it lasts. Starts are a Poisson process in reading time, kept {@link EpisodeInjector#QUIET_AFTER} apart.
 */
final class PatientEpisodes {

    // A sustained episode holds a level in its band; each reading is that level plus this much noise (bpm).
    private static final double NOISE = 3.0;

    private static final double SECONDS_PER_HOUR = 3600;

    // Caps the wait for very small rates, so it still fits an Instant.
    private static final double MAX_WAIT_SECONDS = 1e9;

    private final String patientId;

    private final EpisodeSettings settings;

    private final HeartRateLimits limits;

    private final int invalidMin;

    private final int invalidMax;

    private final RandomGenerator random;

    private final Consumer<Episode> recorder;

    private Instant nextStart;

    private EpisodeKind active;

    private Instant start;

    private int remaining;

    private boolean above;

    private double level;

    private Instant silentUntil;

    private int value;

    PatientEpisodes(String patientId, EpisodeSettings settings, HeartRateLimits limits, int invalidMin,
            int invalidMax, RandomGenerator random, Consumer<Episode> recorder) {
        this.patientId = patientId;
        this.settings = settings;
        this.limits = limits;
        this.invalidMin = invalidMin;
        this.invalidMax = invalidMax;
        this.random = random;
        this.recorder = recorder;
    }

    /** What the patient does at its turn at {@code time}; a dropout due then is left out unless {@code maySilence}. */
    EpisodeInjector.Turn turn(Instant time, boolean maySilence) {
        if (this.active == null) {
            if (this.nextStart == null) {
                this.nextStart = time.plus(waitForNext());
            }
            if (time.isBefore(this.nextStart)) {
                return EpisodeInjector.Turn.READING;
            }
            EpisodeKind kind = pickKind();
            if (kind == EpisodeKind.DROPOUT && !maySilence) {
                this.nextStart = time.plus(waitForNext());
                return EpisodeInjector.Turn.READING;
            }
            begin(kind, time);
        }
        return proceed(time);
    }

    /** Whether the patient is in a dropout. */
    boolean silent() {
        return this.active == EpisodeKind.DROPOUT;
    }

    /** The value of the episode reading the last turn asked for. */
    int value() {
        return this.value;
    }

    private void begin(EpisodeKind kind, Instant time) {
        this.active = kind;
        this.start = time;
        switch (kind) {
            case TACHYCARDIA, BRADYCARDIA -> {
                this.above = kind == EpisodeKind.TACHYCARDIA;
                this.level = lowest() + this.random.nextDouble() * (highest() - lowest());
                this.remaining = this.settings.sustainedReadings();
            }
            case SPIKE -> this.above = this.random.nextBoolean();
            case DROPOUT -> this.silentUntil = time.plus(this.settings.dropoutDuration());
        }
    }

    private EpisodeInjector.Turn proceed(Instant time) {
        switch (this.active) {
            case DROPOUT -> {
                if (time.isBefore(this.silentUntil)) {
                    return EpisodeInjector.Turn.SILENT;
                }
                finish(time);
                return EpisodeInjector.Turn.READING;
            }
            case SPIKE -> {
                this.value = this.random.nextInt(lowest(), highest() + 1);
                finish(time);
                return EpisodeInjector.Turn.SPIKE_READING;
            }
            default -> {
                long noisy = Math.round(this.level + NOISE * this.random.nextGaussian());
                this.value = (int) Math.max(lowest(), Math.min(highest(), noisy));
                if (--this.remaining == 0) {
                    finish(time);
                }
                return EpisodeInjector.Turn.SUSTAINED_READING;
            }
        }
    }

    private void finish(Instant end) {
        this.recorder.accept(new Episode(this.patientId, this.active, this.start, end, Episode.Origin.INJECTED));
        this.active = null;
        this.nextStart = end.plus(EpisodeInjector.QUIET_AFTER).plus(waitForNext());
    }

    /** Exponentially distributed, so episodes start at the configured rate without memory. */
    private Duration waitForNext() {
        double seconds = -Math.log(1 - this.random.nextDouble()) * SECONDS_PER_HOUR / this.settings.totalPerHour();
        return Duration.ofNanos((long) (Math.min(seconds, MAX_WAIT_SECONDS) * 1e9));
    }

    private EpisodeKind pickKind() {
        double ticket = this.random.nextDouble() * this.settings.totalPerHour();
        EpisodeKind picked = null;
        for (EpisodeKind kind : EpisodeKind.values()) {
            if (this.settings.perHour(kind) > 0) {
                picked = kind;
                ticket -= this.settings.perHour(kind);
                if (ticket < 0) {
                    return kind;
                }
            }
        }
        return picked; // rounding left the ticket at the very top: the last kind with a rate
    }

    // The out-of-range band on the side of this episode: above HEART_RATE_MAX or below HEART_RATE_MIN.
    private int lowest() {
        return this.above ? this.limits.max() + 1 : this.invalidMin;
    }

    private int highest() {
        return this.above ? this.invalidMax : this.limits.min() - 1;
    }
}
