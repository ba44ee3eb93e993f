package io.heartbeat.producer.episode;

/**
 * The kinds of episode the generator injects, each what an alert rule should or should not catch.
 */
public enum EpisodeKind {

    /** Consecutive readings above HEART_RATE_MAX. */
    TACHYCARDIA,
    /** Consecutive readings below HEART_RATE_MIN. */
    BRADYCARDIA,
    /** The patient's device sends nothing for a while. */
    DROPOUT,
    /** One out-of-range reading among normal ones: noise that no alert should page for. */
    SPIKE
}
