package io.heartbeat.local.alarms;

import java.time.Duration;

import io.heartbeat.local.alarms.AlarmQualityRun.Result;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20's required properties of the in-stream alarms, held against one measured run.
 */
final class AlarmThresholds {

    /** From a sustained episode's first reading to its alarm's commit, at one reading a second. */
    static final Duration SUSTAINED_LATENCY = Duration.ofSeconds(11);

    /** From a dropout's first missing reading to its alarm's commit: ALARM_SILENT_AFTER (30 s) plus 2 s. */
    static final Duration SILENT_LATENCY = Duration.ofSeconds(32);

    private AlarmThresholds() {
    }

    static void assertMet(Result run) {
        EpisodeScore sustained = run.score("in-stream sustained");
        EpisodeScore silent = run.score("in-stream device silent");
        for (EpisodeScore score : new EpisodeScore[] { sustained, silent }) {
            assertThat(score.recall()).as("%s recall", score.detector()).isEqualTo(1.0);
            assertThat(score.repeated()).as("%s: episodes with a second alarm", score.detector()).isZero();
        }
        assertThat(silent.falseAlarms()).as("device-silent alarms without a dropout").isEmpty();
        assertThat(sustained.falseAlarms()).as("sustained alarms without an episode, injected or by chance")
            .isEmpty();
        assertThat(sustained.latency(100)).as("sustained, worst latency").isLessThanOrEqualTo(SUSTAINED_LATENCY);
        assertThat(silent.latency(100)).as("device silent, worst latency").isLessThanOrEqualTo(SILENT_LATENCY);
    }
}
