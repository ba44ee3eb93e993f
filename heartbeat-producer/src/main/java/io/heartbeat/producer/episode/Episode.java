package io.heartbeat.producer.episode;

import java.time.Instant;

/**
 * One injected episode, the ground truth the alert rules are measured against (docs/alerting.md).
 *
 * @param patientId the patient it happened to
 * @param kind what happened
 * @param start the time of its first reading; for a dropout, when the first withheld reading was due
 * @param end the time of its last reading (the start for a spike); for a dropout, the time of the first reading
 * after the silence
 */
public record Episode(String patientId, EpisodeKind kind, Instant start, Instant end) {
}
