package io.heartbeat.producer.episode;

import java.time.Instant;

import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ValidationStatus;

/**
 * Finds the sustained runs the random mix sends by chance, and records each one as an episode of origin
 * {@link Episode.Origin#CHANCE} once a reading of another kind ends it: {@code readings} or more consecutive
 * {@code high_bpm} (tachycardia) or {@code low_bpm} (bradycardia) readings of one patient, none of them a reading
 * of an injected tachycardia or bradycardia. The consumer's alarm rule pages for such a run as for an injected
 * episode (docs/alarms.md), so the episodes file must list it for the file to be the whole truth.
 * <p>
 * Readings count as the rule counts them: a valid reading, a system anomaly or an out-of-range reading of the other
 * kind breaks a run; a corrupted record (no patient to trust) and a dropout's silence do not. An injected spike is
 * an out-of-range reading like any other. Not thread-safe, like the generator.
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
