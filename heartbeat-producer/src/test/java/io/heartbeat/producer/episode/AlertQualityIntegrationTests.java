package io.heartbeat.producer.episode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import io.heartbeat.dashboards.AlertInstances.Firing;
import io.heartbeat.dashboards.AlertRule;
import io.heartbeat.dashboards.GrafanaReader;
import io.heartbeat.dashboards.RuleReplay;
import io.heartbeat.producer.generator.GeneratedReading;
import io.heartbeat.producer.generator.GeneratorSettings;
import io.heartbeat.producer.generator.HeartbeatGenerator;
import io.heartbeat.testsupport.TestPostgres;
import io.heartbeat.validation.HeartRateLimits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures every provisioned PostgreSQL alert rule on raw rows against ground truth (docs/alerting.md): a seeded
 * two-hour run with injected episodes, stored as the consumer stores it, then every rule evaluated as Grafana would
 * at each tick of its group's interval in simulated time, its pending period applied, and its firings held against
 * the episodes. Prints one summary line per rule and writes them to {@code target/alert-quality.txt}.
 */
class AlertQualityIntegrationTests {

    private static final long SEED = 20261125L;

    private static final Instant START = Instant.parse("2026-11-25T08:00:00Z");

    private static final Duration RUN = Duration.ofHours(2);

    // Every episode is over well within this after it started: evaluation stops this long before the data does,
    // so every episode it can see has been recorded.
    private static final Duration TAIL = Duration.ofMinutes(3);

    private static final GeneratorSettings READINGS = new GeneratorSettings(24, 0.2, HeartRateLimits.DEFAULT, 30,
            200);

    private static final EpisodeSettings EPISODES = new EpisodeSettings(0.75, 1, 1, 1, 4, 60, Duration.ofSeconds(60),
            5);

    private static final Map<String, RuleQuality.Target> TARGETS = Map.of(
            "heartbeat-sustained-rhythm", new RuleQuality.Target(
                    Set.of(EpisodeKind.TACHYCARDIA, EpisodeKind.BRADYCARDIA),
                    (labels) -> "tachycardia".equals(labels.get("rhythm")) ? EpisodeKind.TACHYCARDIA
                            : EpisodeKind.BRADYCARDIA,
                    Duration.ofSeconds(30)),
            "heartbeat-device-silent", new RuleQuality.Target(Set.of(EpisodeKind.DROPOUT),
                    (labels) -> EpisodeKind.DROPOUT, Duration.ofSeconds(30)),
            "heartbeat-corrupted-rate", RuleQuality.Target.none(),
            "heartbeat-no-events-stored", RuleQuality.Target.none());

    /**
     * Rules not replayed here: 'Open alarm' reads patient_alarms, which the consumer's in-stream detector writes and
     * {@link SimulatedConsumer} does not; the detector's alarms are measured end to end through the real consumer.
     */
    private static final Set<String> NOT_ON_RAW_ROWS = Set.of("heartbeat-open-alarm");

    private static final List<Episode> episodes = new ArrayList<>();

    private static final Map<String, RuleQuality> quality = new LinkedHashMap<>();

    @BeforeAll
    static void replaySeededRunThroughEveryRule() throws IOException {
        // The Grafana rules need more than half of 30 s out of range: judged against the injected episodes only,
        // not the five-reading runs the random mix sends by chance.
        HeartbeatGenerator generator = new HeartbeatGenerator(SEED, READINGS, EPISODES, (episode) -> {
            if (episode.origin() == Episode.Origin.INJECTED) {
                episodes.add(episode);
            }
        });
        int patients = READINGS.customerCount();
        long count = RUN.toSeconds() * patients;
        List<GeneratedReading> readings = new ArrayList<>((int) count);
        for (long n = 0; n < count; n++) {
            readings.add(generator.next(START.plusNanos(n * 1_000_000_000L / patients)));
        }
        TestPostgres.Database database = TestPostgres.freshDatabase().migrate();
        SimulatedConsumer.store(readings, READINGS.limits(), database.dataSource());
        DataSource reader = GrafanaReader.dataSource(database);

        Instant horizon = START.plus(RUN).minus(TAIL);
        for (AlertRule rule : rawRowRules()) {
            List<Firing> firings = RuleReplay.firings(rule, reader, START.plus(rule.interval()), horizon);
            quality.put(rule.uid(), RuleQuality.measure(rule, TARGETS.get(rule.uid()), firings, episodes, horizon));
        }
        List<String> summary = new ArrayList<>();
        summary.add(String.format("Seed %d, %d patients, %s: %d tachycardia, %d bradycardia, %d dropout and %d spike"
                + " episodes; clean patients %s", SEED, patients, RUN, count(EpisodeKind.TACHYCARDIA),
                count(EpisodeKind.BRADYCARDIA), count(EpisodeKind.DROPOUT), count(EpisodeKind.SPIKE),
                cleanPatients()));
        quality.values().stream().map(RuleQuality::summary).forEach(summary::add);
        summary.forEach(System.out::println);
        Files.write(Path.of("target", "alert-quality.txt"), summary);
    }

    @Test
    void everyPostgresRuleOnRawRowsIsMeasured() {
        assertThat(quality.keySet()).containsExactlyInAnyOrderElementsOf(TARGETS.keySet());
        assertThat(AlertRule.sql()).extracting(AlertRule::uid).containsAll(NOT_ON_RAW_ROWS)
            .hasSize(TARGETS.size() + NOT_ON_RAW_ROWS.size());
    }

    @Test
    void theRunHoldsEveryKindOfEpisodeAndCleanPatients() {
        assertThat(count(EpisodeKind.TACHYCARDIA)).isEqualTo(31);
        assertThat(count(EpisodeKind.BRADYCARDIA)).isEqualTo(33);
        assertThat(count(EpisodeKind.DROPOUT)).isEqualTo(26);
        assertThat(count(EpisodeKind.SPIKE)).isEqualTo(112);
        assertThat(cleanPatients()).containsExactly("patient-0006", "patient-0007", "patient-0010", "patient-0021",
                "patient-0023", "patient-0024");
    }

    @Test
    void exactlyOneFiringPerSustainedEpisodeAndPerDropout() {
        for (String uid : List.of("heartbeat-sustained-rhythm", "heartbeat-device-silent")) {
            RuleQuality rule = quality.get(uid);
            assertThat(rule.firingsByEpisode()).as(uid).isNotEmpty();
            rule.firingsByEpisode().forEach((episode, firings) -> assertThat(firings).as("%s: %s", uid, episode)
                .hasSize(1));
        }
    }

    @Test
    void noFiringForIsolatedSpikesCleanPatientsOrTheRandomMix() {
        for (RuleQuality rule : quality.values()) {
            assertThat(rule.falseFirings()).as(rule.rule().uid()).isEmpty();
            assertThat(rule.trueFirings()).as(rule.rule().uid()).isEqualTo(rule.firingsByEpisode().size());
        }
    }

    @Test
    void everyEpisodeIsDetectedWithinTheRulesWindowPlusOneInterval() {
        for (String uid : List.of("heartbeat-sustained-rhythm", "heartbeat-device-silent")) {
            RuleQuality rule = quality.get(uid);
            assertThat(rule.delays()).as(uid).hasSize(rule.firingsByEpisode().size())
                .allSatisfy((delay) -> assertThat(delay).isPositive().isLessThanOrEqualTo(rule.bound()));
        }
    }

    private static List<AlertRule> rawRowRules() {
        return AlertRule.sql().stream().filter((rule) -> !NOT_ON_RAW_ROWS.contains(rule.uid())).toList();
    }

    private static long count(EpisodeKind kind) {
        return episodes.stream().filter((episode) -> episode.kind() == kind).count();
    }

    /** Patients without any sustained episode or dropout. */
    private static Set<String> cleanPatients() {
        Set<String> clean = new TreeSet<>();
        for (int i = 0; i < READINGS.customerCount(); i++) {
            clean.add(HeartbeatGenerator.patientId(i));
        }
        episodes.stream().filter((episode) -> episode.kind() != EpisodeKind.SPIKE).forEach((episode) -> clean
            .remove(episode.patientId()));
        return clean;
    }
}
