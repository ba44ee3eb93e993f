package io.heartbeat.local.alarms;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.heartbeat.producer.episode.Episode;
import io.heartbeat.producer.episode.EpisodeKind;

/**
 * One detector's alarms held against the injected episodes of the kinds it is meant to catch (docs/alerting.md).
 * An alarm is true when it names the patient and kind of an episode and was raised between the episode's start and
 * {@link #ATTRIBUTION} after its end; otherwise it is false. Episodes that started by the horizon count towards
 * recall. Alarms raised more than {@link #LATEST} after it are not judged: their episode may still have been running
 * when the producer stopped, and so be missing from the file.
 *
 * @param detector what raised the alarms, e.g. {@code in-stream sustained}
 * @param byEpisode the counted episodes, in start order, each with the alarms attributed to it
 * @param falseAlarms alarms no episode explains
 * @param trueAlarms alarms an episode explains, its episode counted or not
 */
record EpisodeScore(String detector, Map<Episode, List<Detection>> byEpisode, List<Detection> falseAlarms,
        int trueAlarms) {

    /** How long after its episode's end an alarm is still that episode's. */
    static final Duration ATTRIBUTION = Duration.ofSeconds(60);

    /**
     * How long after the horizon alarms are still judged: long enough for every detector to raise the alarm of an
     * episode that started at the horizon, and short of the last minute before the producer stopped (the horizon
     * must lie more than this plus the longest episode before the stop).
     */
    static final Duration LATEST = Duration.ofSeconds(50);

    static EpisodeScore of(String detector, Set<EpisodeKind> kinds, List<Detection> alarms, List<Episode> episodes,
            Instant horizon) {
        Map<Episode, List<Detection>> byEpisode = new LinkedHashMap<>();
        episodes.stream()
            .filter((episode) -> kinds.contains(episode.kind()) && !episode.start().isAfter(horizon))
            .sorted(Comparator.comparing(Episode::start))
            .forEach((episode) -> byEpisode.put(episode, new ArrayList<>()));
        List<Detection> falseAlarms = new ArrayList<>();
        int trueAlarms = 0;
        for (Detection alarm : alarms) {
            if (alarm.raisedAt().isAfter(horizon.plus(LATEST))) {
                continue;
            }
            Episode explained = episodes.stream()
                .filter((episode) -> episode.kind() == alarm.kind() && episode.patientId().equals(alarm.patientId()))
                .filter((episode) -> !alarm.raisedAt().isBefore(episode.start())
                        && !alarm.raisedAt().isAfter(episode.end().plus(ATTRIBUTION)))
                .findFirst()
                .orElse(null);
            if (explained == null) {
                falseAlarms.add(alarm);
                continue;
            }
            trueAlarms++;
            if (byEpisode.containsKey(explained)) {
                byEpisode.get(explained).add(alarm);
            }
        }
        return new EpisodeScore(detector, byEpisode, falseAlarms, trueAlarms);
    }

    int episodes() {
        return this.byEpisode.size();
    }

    int alarms() {
        return this.trueAlarms + this.falseAlarms.size();
    }

    int detected() {
        return (int) this.byEpisode.values().stream().filter((found) -> !found.isEmpty()).count();
    }

    /** Episodes with more than one alarm: each should have exactly one. */
    int repeated() {
        return (int) this.byEpisode.values().stream().filter((found) -> found.size() > 1).count();
    }

    /** Precision, or NaN without alarms. */
    double precision() {
        return (alarms() == 0) ? Double.NaN : (double) this.trueAlarms / alarms();
    }

    /** Recall, or NaN without episodes. */
    double recall() {
        return (episodes() == 0) ? Double.NaN : (double) detected() / episodes();
    }

    /** From each detected episode's start to its first alarm, sorted. */
    List<Duration> latencies() {
        List<Duration> latencies = new ArrayList<>();
        this.byEpisode.forEach((episode, found) -> found.stream()
            .map(Detection::raisedAt)
            .min(Comparator.naturalOrder())
            .ifPresent((first) -> latencies.add(Duration.between(episode.start(), first))));
        latencies.sort(Comparator.naturalOrder());
        return latencies;
    }

    /** The {@code p}-th percentile (nearest rank) of the latencies, or null without any. */
    Duration latency(double p) {
        List<Duration> latencies = latencies();
        if (latencies.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100 * latencies.size());
        return latencies.get(Math.max(rank, 1) - 1);
    }

    /** One line: what docs/alerting.md's table reports. */
    String summary() {
        return String.format(Locale.ROOT, "%s: %d episodes, %d alarms (%d false, %d episodes alarmed twice);"
                + " precision %s, recall %s; latency p50 %s, p99 %s, max %s", this.detector, episodes(), alarms(),
                this.falseAlarms.size(), repeated(), ratio(precision()), ratio(recall()), seconds(latency(50)),
                seconds(latency(99)), seconds(latency(100)));
    }

    static String ratio(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
    }

    static String seconds(Duration latency) {
        return (latency == null) ? "-" : String.format(Locale.ROOT, "%.1f s", latency.toMillis() / 1000.0);
    }
}
