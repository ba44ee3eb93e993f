package io.heartbeat.producer.episode;

import java.time.Instant;

import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ValidationStatus;

/**
 * Records the sustained runs the random mix sends by chance as {@link Episode.Origin#CHANCE} episodes.
 * <p>
 * The consumer's alarm rule pages for them as for injected ones, so the episodes file lists them to be the whole
 * truth; they are counted as that rule counts (docs/producer.md, "Runs by chance"), an injected spike being an
 * out-of-range reading like any other. Not thread-safe, like the generator.
 */
public final class ChanceRuns {

    private final int readings;

    private final EpisodeRecorder recorder;

    private final Run[] runs;

    /**
     * @param patients how many patients the generator has, numbered from 0
     * @param readings the shortest run that is listed
     */
    public ChanceRuns(int patients, int readings, EpisodeRecorder recorder) {
        this.readings = readings;
        this.recorder = recorder;
        this.runs = new Run[patients];
        for (int i = 0; i < patients; i++) {
            this.runs[i] = new Run();
        }
    }

    /**
     * Counts one reading of patient number {@code patient}.
     *
     * @param anomaly what the consumer's classifier records for it; null for a valid reading
     * @param injected whether it is a reading of an injected tachycardia or bradycardia
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
                this.recorder.record(new Episode(patientId, run.kind, run.start, run.end, Episode.Origin.CHANCE));
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
