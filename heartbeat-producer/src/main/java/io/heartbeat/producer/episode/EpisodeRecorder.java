package io.heartbeat.producer.episode;

/**
 * Receives every episode once it is over; called on the generator's thread.
 */
@FunctionalInterface
public interface EpisodeRecorder {

    /** Records nothing. */
    EpisodeRecorder NONE = (episode) -> {
    };

    void record(Episode episode);
}
