package io.heartbeat.producer.episode;

import java.time.Instant;
import java.util.function.Consumer;

import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ValidationStatus;

/**
 * Records the runs the random mix sends by chance as {@link Episode.Origin#CHANCE} episodes, counted as the alarm rule
 * counts, an injected spike as any out-of-range reading: docs/producer.md, "Episodes". Not thread-safe.
 */
public final class ChanceRuns {

    private final int readings;

    private final Consumer<Episode> recorder;

    private final Run[] runs;

    /** Runs of {@code patients} patients, numbered from 0, listed from {@code readings} readings on. */
    public ChanceRuns(int patients, int readings, Consumer<Episode> recorder) {
        this.readings = readings;
        this.recorder = recorder;
        this.runs = new Run[patients];
        for (int i = 0; i < patients; i++) {
            this.runs[i] = new Run();
        }
    }

    /**
     * Counts one reading of patient number {@code patient}: {@code anomaly} as the consumer classifies it, null if
     * valid; {@code injected} if it belongs to an injected tachycardia or bradycardia.
     */
    public void reading(int patient, String patientId, AnomalyType anomaly, boolean injected, Instant time) {
        if (anomaly != null && anomaly.status() == ValidationStatus.CORRUPTED) {
            return;
        }
        EpisodeKind kind = (anomaly == AnomalyType.HIGH_BPM) ? EpisodeKind.TACHYCARDIA
                : (anomaly == AnomalyType.LOW_BPM) ? EpisodeKind.BRADYCARDIA : null;
        Run run = this.runs[patient];
        if (kind != run.kind) {
            if (run.length >= this.readings && !run.injected) {
                this.recorder.accept(new Episode(patientId, run.kind, run.start, run.end, Episode.Origin.CHANCE));
            }
            run.kind = kind;
            run.length = 0;
            run.injected = false;
            run.start = time;
        }
        if (kind != null) {
            run.length++;
            run.injected |= injected;
            run.end = time;
        }
    }

    private static final class Run {

        // null between runs
        EpisodeKind kind;

        int length;

        boolean injected;

        Instant start;

        Instant end;
    }
}
