package io.heartbeat.producer.episode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.heartbeat.dashboards.AlertInstances.Firing;
import io.heartbeat.dashboards.AlertRule;

/**
 * One alert rule's firings held against the episodes it is meant to catch. A firing is true when it names the
 * patient (and kind) of an episode and comes between the episode's start and {@link #bound()} after its end;
 * otherwise it is false. Episodes count towards recall when the evaluation went on for at least the bound after
 * they started.
 *
 * @param firingsByEpisode the counted episodes in start order, each with the firings attributed to it
 * @param falseFirings firings no episode explains
 * @param trueFirings firings an episode explains, counted or not
 */
record RuleQuality(AlertRule rule, Target target, Map<Episode, List<Firing>> firingsByEpisode,
        List<Firing> falseFirings, int trueFirings) {

    static RuleQuality measure(AlertRule rule, Target target, List<Firing> firings, List<Episode> episodes,
            Instant horizon) {
        Duration bound = target.window().plus(rule.interval());
        Map<Episode, List<Firing>> byEpisode = new LinkedHashMap<>();
        episodes.stream()
            .filter((episode) -> target.kinds().contains(episode.kind()))
            .filter((episode) -> !episode.start().plus(bound).isAfter(horizon))
            .sorted((a, b) -> a.start().compareTo(b.start()))
            .forEach((episode) -> byEpisode.put(episode, new ArrayList<>()));
        List<Firing> falseFirings = new ArrayList<>();
        int trueFirings = 0;
        for (Firing firing : firings) {
            Episode explained = episodes.stream()
                .filter((episode) -> episode.kind() == target.kindOf().apply(firing.labels()))
                .filter((episode) -> episode.patientId().equals(firing.labels().get("patient_id")))
                .filter((episode) -> !firing.at().isBefore(episode.start())
                        && !firing.at().isAfter(episode.end().plus(bound)))
                .findFirst()
                .orElse(null);
            if (explained == null) {
                falseFirings.add(firing);
                continue;
            }
            trueFirings++;
            if (byEpisode.containsKey(explained)) {
                byEpisode.get(explained).add(firing);
            }
        }
        return new RuleQuality(rule, target, byEpisode, falseFirings, trueFirings);
    }

    /** The detection delay the issue allows: the rule's window plus one evaluation interval. */
    Duration bound() {
        return this.target.window().plus(this.rule.interval());
    }

    int detected() {
        return (int) this.firingsByEpisode.values().stream().filter((found) -> !found.isEmpty()).count();
    }

    /** From each detected episode's start to its first firing, in start order. */
    List<Duration> delays() {
        List<Duration> delays = new ArrayList<>();
        this.firingsByEpisode.forEach((episode, found) -> {
            if (!found.isEmpty()) {
                delays.add(Duration.between(episode.start(), found.get(0).at()));
            }
        });
        return delays;
    }

    /** One line: episodes, firings, precision, recall and delays; what docs/alerting.md reports. */
    String summary() {
        int firings = this.trueFirings + this.falseFirings.size();
        String line = String.format(Locale.ROOT, "%s: %d episodes, %d detected, %d firings (%d false);"
                + " precision %s, recall %s", this.rule.uid(), this.firingsByEpisode.size(), detected(), firings,
                this.falseFirings.size(), ratio(this.trueFirings, firings),
                ratio(detected(), this.firingsByEpisode.size()));
        List<Duration> delays = delays().stream().sorted().toList();
        if (delays.isEmpty()) {
            return line;
        }
        return line + String.format(Locale.ROOT, "; delay min %d s, median %d s, max %d s (bound %d s)",
                delays.get(0).toSeconds(), delays.get(delays.size() / 2).toSeconds(),
                delays.get(delays.size() - 1).toSeconds(), bound().toSeconds());
    }

    private static String ratio(int part, int whole) {
        return (whole == 0) ? "n/a" : String.format(Locale.ROOT, "%.3f", (double) part / whole);
    }

    /**
     * What a rule is meant to catch.
     *
     * @param kinds the episode kinds it should fire for; empty for a rule no episode should set off
     * @param kindOf the kind an instance's labels stand for
     * @param window how much data the condition needs: its look-back, or its silence threshold
     */
    record Target(Set<EpisodeKind> kinds, Function<Map<String, String>, EpisodeKind> kindOf, Duration window) {

        /** For a rule that should stay quiet in a run without pipeline faults. */
        static Target none() {
            return new Target(Set.of(), (labels) -> null, Duration.ZERO);
        }
    }
}
