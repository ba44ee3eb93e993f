package io.heartbeat.producer.episode;

import java.time.Instant;

/**
 * One episode the producer sent, the ground truth the alarms and alert rules are measured against
 * (docs/alerting.md).
 *
 * @param patientId the patient it happened to
 * @param kind what happened
 * @param start the time of its first reading; for a dropout, when the first withheld reading was due
 * @param end the time of its last reading (the start for a spike); for a dropout, the time of the first reading
 * after the silence
 * @param origin whether the producer injected it or its random mix sent it by chance
 */
public record Episode(String patientId, EpisodeKind kind, Instant start, Instant end, Origin origin) {

    /** An injected episode. */
    public Episode(String patientId, EpisodeKind kind, Instant start, Instant end) {
        this(patientId, kind, start, end, Origin.INJECTED);
    }

    /** How an episode came to be in the stream. */
    public enum Origin {

        /** The {@link EpisodeInjector} made it. */
        INJECTED,
        /** The random mix sent a run of out-of-range readings long enough to be one ({@link ChanceRuns}). */
        CHANCE
    }
}
