package io.heartbeat.producer.episode;

import java.time.Instant;

/**
 * One episode the producer sent, the ground truth the alarms and alert rules are measured against
 * (docs/alerting.md); its start and end are those of the episodes file (docs/producer.md, "Episodes").
 */
public record Episode(String patientId, EpisodeKind kind, Instant start, Instant end, Origin origin) {

    /** How an episode came to be in the stream. */
    public enum Origin {

        /** The {@link EpisodeInjector} made it. */
        INJECTED,
        /** The random mix sent a run of out-of-range readings long enough to be one ({@link ChanceRuns}). */
        CHANCE
    }
}
