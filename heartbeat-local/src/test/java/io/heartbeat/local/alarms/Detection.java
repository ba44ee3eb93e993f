package io.heartbeat.local.alarms;

import java.time.Instant;

import io.heartbeat.producer.episode.EpisodeKind;

/**
 * One alarm raised, by the consumer or by a replayed Grafana rule: for which patient and kind of episode, and when.
 *
 * @param raisedAt when it was raised: {@code detected_at}, or the evaluation that fired
 */
record Detection(String patientId, EpisodeKind kind, Instant raisedAt) {
}
