package io.heartbeat.producer.episode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import io.heartbeat.validation.HeartRateLimits;

/**
 * Injects labelled episodes into the patients' streams (docs/producer.md, "Episodes") and hands each one, once
 * over, to a recorder. Not thread-safe, like the generator.
 */
public final class EpisodeInjector {

    /** Episodes of one patient are at least this far apart, so each one's alert resolves before the next. */
    public static final Duration QUIET_AFTER = Duration.ofMinutes(2);

    // Keeps the episodes' random streams apart from the readings' (both are drawn from the same master seed).
    private static final long SALT = 0x9E3779B97F4A7C15L;

    // null for the patients who are not prone to episodes
    private final PatientEpisodes[] patients;

    private int silent;

    /** {@code patientIds} in turn order; {@code invalidMin} and {@code invalidMax}: the outer ends of the bands. */
    public EpisodeInjector(long seed, List<String> patientIds, EpisodeSettings settings, HeartRateLimits limits,
            int invalidMin, int invalidMax, Consumer<Episode> recorder) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("Nothing to inject: every episode rate or the patient share is zero");
        }
        SplittableRandom master = new SplittableRandom(seed ^ SALT);
        this.patients = new PatientEpisodes[patientIds.size()];
        for (int i = 0; i < this.patients.length; i++) {
            SplittableRandom random = new SplittableRandom(master.nextLong());
            if (random.nextDouble() < settings.patientShare()) {
                this.patients[i] = new PatientEpisodes(patientIds.get(i), settings, limits, invalidMin, invalidMax,
                        random, recorder);
            }
        }
    }

    /** What patient number {@code patient} does at its turn at {@code time}. */
    public Turn turn(int patient, Instant time) {
        PatientEpisodes episodes = this.patients[patient];
        if (episodes == null) {
            return Turn.READING;
        }
        boolean wasSilent = episodes.silent();
        // A dropout never silences the last patient still reporting, so the stream never stops.
        Turn turn = episodes.turn(time, this.silent < this.patients.length - 1);
        if (episodes.silent() != wasSilent) {
            this.silent += wasSilent ? -1 : 1;
        }
        return turn;
    }

    /** The heart rate of the episode reading patient number {@code patient} was just told to send. */
    public int value(int patient) {
        return this.patients[patient].value();
    }

    /** What a patient does at one of its turns. */
    public enum Turn {

        /** An ordinary reading from the configured mix. */
        READING,
        /** The reading of a spike, with {@link #value(int)} as heart rate. */
        SPIKE_READING,
        /** A reading of a tachycardia or bradycardia in progress, with {@link #value(int)} as heart rate. */
        SUSTAINED_READING,
        /** Nothing: the patient is in a dropout; its turn passes to the next patient. */
        SILENT
    }
}
