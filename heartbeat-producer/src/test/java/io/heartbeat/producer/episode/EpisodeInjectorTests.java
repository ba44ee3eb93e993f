package io.heartbeat.producer.episode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.heartbeat.producer.generator.GeneratedReading;
import io.heartbeat.producer.generator.GeneratorSettings;
import io.heartbeat.producer.generator.HeartbeatGenerator;
import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.HeartRateLimits;
import io.heartbeat.validation.HeartbeatClassifier;
import io.heartbeat.validation.ValidationStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The episodes as the generator injects them, over simulated hours of one reading per patient per second.
 */
class EpisodeInjectorTests {

    private static final long SEED = 20261125L;

    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    private static final GeneratorSettings TEN_PATIENTS = GeneratorSettings.DEFAULT;

    private static final HeartbeatClassifier CLASSIFIER = new HeartbeatClassifier(HeartRateLimits.DEFAULT);

    @Test
    void theSameSeedInjectsTheSameEpisodesIntoTheSameReadings() {
        EpisodeSettings all = settings(1, 2, 2, 2, 4);
        Run first = Run.of(TEN_PATIENTS, all, Duration.ofHours(1));
        Run second = Run.of(TEN_PATIENTS, all, Duration.ofHours(1));

        assertThat(first.episodes()).hasSizeGreaterThan(50).isEqualTo(second.episodes());
        for (int i = 0; i < first.readings().size(); i++) {
            assertThat(second.readings().get(i).payload()).as("reading %d", i)
                .isEqualTo(first.readings().get(i).payload());
        }
    }

    @Test
    void withoutEpisodesTheReadingsAreTheSeedsAlone() {
        List<GeneratedReading> plain = Run.of(TEN_PATIENTS, EpisodeSettings.NONE, Duration.ofMinutes(10)).readings();
        List<GeneratedReading> noPatients = Run.of(TEN_PATIENTS, settings(0, 5, 5, 5, 5), Duration.ofMinutes(10))
            .readings();
        HeartbeatGenerator alone = new HeartbeatGenerator(SEED, TEN_PATIENTS);

        for (int i = 0; i < plain.size(); i++) {
            assertThat(noPatients.get(i).payload()).as("reading %d", i).isEqualTo(plain.get(i).payload());
            assertThat(alone.next(plain.get(i).timestamp()).payload()).as("reading %d", i)
                .isEqualTo(plain.get(i).payload());
        }
    }

    @Test
    void aSustainedEpisodeIsItsPatientsNextReadingsAllOutOfRangeOnItsSide() {
        Run run = Run.of(TEN_PATIENTS, settings(1, 3, 3, 0, 0), Duration.ofHours(2));

        assertThat(run.episodes()).hasSizeGreaterThan(40)
            .extracting(Episode::kind).containsOnly(EpisodeKind.TACHYCARDIA, EpisodeKind.BRADYCARDIA);
        for (Episode episode : run.episodes()) {
            List<ClassifiedReading> during = run.classified(episode.patientId(), episode.start(), episode.end());
            AnomalyType side = (episode.kind() == EpisodeKind.TACHYCARDIA) ? AnomalyType.HIGH_BPM
                    : AnomalyType.LOW_BPM;
            assertThat(during).as("%s", episode).hasSize(60).allSatisfy((reading) -> {
                assertThat(reading.anomalyType()).isEqualTo(side);
                assertThat(reading.heartbeatValue().intValueExact()).satisfiesAnyOf(
                        (value) -> assertThat(value).isBetween(121, 200),
                        (value) -> assertThat(value).isBetween(30, 49));
            });
            assertThat(Duration.between(episode.start(), episode.end())).isEqualTo(Duration.ofSeconds(59));
        }
    }

    @Test
    void aDropoutSilencesItsPatientForItsDurationWhileTheOthersReport() {
        Run run = Run.of(TEN_PATIENTS, settings(1, 0, 0, 3, 0), Duration.ofHours(2));

        assertThat(run.episodes()).hasSizeGreaterThan(40).extracting(Episode::kind).containsOnly(EpisodeKind.DROPOUT);
        for (Episode episode : run.episodes()) {
            assertThat(run.readingsOf(episode.patientId(), episode.start(), episode.end().minusMillis(1)))
                .as("%s", episode).isEmpty();
            assertThat(run.readingsOf(episode.patientId(), episode.end(), episode.end())).hasSize(1);
            assertThat(run.readingsOf(episode.patientId(), episode.start().minusSeconds(2), episode.start()))
                .isNotEmpty();
            assertThat(Duration.between(episode.start(), episode.end()))
                .isBetween(Duration.ofSeconds(60), Duration.ofSeconds(61));
        }
    }

    @Test
    void aSpikeIsOneOutOfRangeReading() {
        Run run = Run.of(TEN_PATIENTS, settings(1, 0, 0, 0, 10), Duration.ofHours(1));

        assertThat(run.episodes()).hasSizeGreaterThan(50).allSatisfy((episode) -> {
            assertThat(episode.kind()).isEqualTo(EpisodeKind.SPIKE);
            assertThat(episode.end()).isEqualTo(episode.start());
            assertThat(run.classified(episode.patientId(), episode.start(), episode.end()))
                .singleElement()
                .satisfies((reading) -> assertThat(reading.anomalyType()).isIn(AnomalyType.HIGH_BPM,
                        AnomalyType.LOW_BPM));
        });
        assertThat(run.episodes().stream().map((episode) -> run.classified(episode.patientId(), episode.start(),
                episode.end()).get(0).anomalyType()).distinct()).containsExactlyInAnyOrder(AnomalyType.HIGH_BPM,
                        AnomalyType.LOW_BPM);
    }

    @Test
    void episodesComeAtTheirRatesAndAPatientsAreTwoMinutesApart() {
        Duration hours = Duration.ofHours(100);
        List<Episode> episodes = Run.episodes(TEN_PATIENTS, settings(1, 1, 0, 0, 3), hours);

        // a wait of 15 minutes on average (4 an hour), the quiet 2 minutes, and a minute for a quarter of them
        double perPatientHour = 60.0 / (15 + 2 + 0.25);
        Map<EpisodeKind, Long> byKind = episodes.stream()
            .collect(Collectors.groupingBy(Episode::kind, Collectors.counting()));
        double patientHours = 10 * hours.toHours();
        assertThat(byKind.get(EpisodeKind.SPIKE) / patientHours).isCloseTo(perPatientHour * 3 / 4, within(0.15));
        assertThat(byKind.get(EpisodeKind.TACHYCARDIA) / patientHours).isCloseTo(perPatientHour / 4, within(0.1));
        Map<String, Instant> lastEnd = new HashMap<>();
        for (Episode episode : episodes) {
            Instant previous = lastEnd.put(episode.patientId(), episode.end());
            if (previous != null) {
                assertThat(Duration.between(previous, episode.start())).isGreaterThanOrEqualTo(Duration.ofMinutes(2));
            }
        }
    }

    @Test
    void onlyTheShareOfPatientsDrawnProneHasEpisodes() {
        GeneratorSettings forty = new GeneratorSettings(40, 0.2, HeartRateLimits.DEFAULT, 30, 200);
        Run run = Run.of(forty, settings(0.25, 0, 0, 0, 20), Duration.ofHours(1));

        Set<String> prone = run.episodes().stream().map(Episode::patientId).collect(Collectors.toSet());
        assertThat(prone).hasSize(10);
        assertThat(Run.of(forty, settings(0.25, 0, 0, 0, 20), Duration.ofHours(1)).episodes().stream()
            .map(Episode::patientId).collect(Collectors.toSet())).isEqualTo(prone);
    }

    @Test
    void theLastPatientReportingIsNeverSilenced() {
        GeneratorSettings one = new GeneratorSettings(1, 0.2, HeartRateLimits.DEFAULT, 30, 200);
        GeneratorSettings two = new GeneratorSettings(2, 0.2, HeartRateLimits.DEFAULT, 30, 200);
        EpisodeSettings longDropouts = new EpisodeSettings(1, 0, 0, 60, 0, 60, Duration.ofMinutes(30), 5);

        assertThat(Run.of(one, longDropouts, Duration.ofHours(1)).episodes()).isEmpty();
        Run pair = Run.of(two, longDropouts, Duration.ofHours(3));
        assertThat(pair.episodes()).hasSizeGreaterThan(2);
        // never both silent: every dropout lies outside the other patient's
        for (Episode episode : pair.episodes()) {
            assertThat(pair.episodes()).filteredOn((other) -> !other.patientId().equals(episode.patientId()))
                .noneMatch((other) -> other.start().isBefore(episode.end()) && episode.start().isBefore(other.end()));
        }
    }

    @Test
    void everyRunOfFiveTheMixSendsByChanceIsListedAndNoOther() {
        GeneratorSettings noisy = new GeneratorSettings(10, 0.6, HeartRateLimits.DEFAULT, 30, 200);
        Run run = Run.of(noisy, settings(1, 2, 2, 0, 4), Duration.ofHours(1));

        // Every run of at least five high_bpm (or low_bpm) readings in the stream as the classifier sees it,
        // corrupted records skipped, but for those of an injected tachycardia or bradycardia.
        List<Episode> expected = new ArrayList<>();
        for (int patient = 0; patient < noisy.customerCount(); patient++) {
            String id = HeartbeatGenerator.patientId(patient);
            List<ClassifiedReading> stream = run.classified(id, START, START.plus(Duration.ofHours(1))).stream()
                .filter((reading) -> reading.status() != ValidationStatus.CORRUPTED)
                .toList();
            int first = 0;
            for (int i = 1; i <= stream.size(); i++) {
                AnomalyType kind = stream.get(first).anomalyType();
                if (i < stream.size() && stream.get(i).anomalyType() == kind) {
                    continue;
                }
                if (i - first >= 5 && (kind == AnomalyType.HIGH_BPM || kind == AnomalyType.LOW_BPM)
                        && i < stream.size()) {
                    Episode found = new Episode(id, (kind == AnomalyType.HIGH_BPM) ? EpisodeKind.TACHYCARDIA
                            : EpisodeKind.BRADYCARDIA, stream.get(first).timestamp(), stream.get(i - 1).timestamp(),
                            Episode.Origin.CHANCE);
                    if (run.episodes().stream().noneMatch((injected) -> injected.patientId().equals(id)
                            && injected.kind() == found.kind() && !injected.start().isBefore(found.start())
                            && !injected.end().isAfter(found.end()))) {
                        expected.add(found);
                    }
                }
                first = i;
            }
        }
        assertThat(expected).hasSizeGreaterThan(5);
        assertThat(run.chanceRuns()).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static EpisodeSettings settings(double share, double tachycardia, double bradycardia, double dropout,
            double spike) {
        return new EpisodeSettings(share, tachycardia, bradycardia, dropout, spike, 60, Duration.ofSeconds(60), 5);
    }

    /**
     * One reading per patient per second, as the service sends by default, the injected episodes recorded and the
     * runs by chance.
     */
    private record Run(List<GeneratedReading> readings, List<Episode> episodes, List<Episode> chanceRuns) {

        static Run of(GeneratorSettings settings, EpisodeSettings episodes, Duration length) {
            List<GeneratedReading> readings = new ArrayList<>();
            List<Episode> recorded = generate(settings, episodes, length, readings::add);
            return new Run(readings, injected(recorded), recorded.stream()
                .filter((episode) -> episode.origin() == Episode.Origin.CHANCE)
                .toList());
        }

        /** Only the injected episodes, for runs too long to keep every reading. */
        static List<Episode> episodes(GeneratorSettings settings, EpisodeSettings episodes, Duration length) {
            return injected(generate(settings, episodes, length, (reading) -> {
            }));
        }

        private static List<Episode> injected(List<Episode> recorded) {
            return recorded.stream().filter((episode) -> episode.origin() == Episode.Origin.INJECTED).toList();
        }

        private static List<Episode> generate(GeneratorSettings settings, EpisodeSettings episodes, Duration length,
                Consumer<GeneratedReading> readings) {
            List<Episode> recorded = new ArrayList<>();
            HeartbeatGenerator generator = new HeartbeatGenerator(SEED, settings, episodes, recorded::add);
            int patients = settings.customerCount();
            long count = length.toSeconds() * patients;
            for (long n = 0; n < count; n++) {
                readings.accept(generator.next(START.plusNanos(n * 1_000_000_000L / patients)));
            }
            return recorded;
        }

        /** A patient's readings taken from {@code from} to {@code to}, both included. */
        List<GeneratedReading> readingsOf(String patientId, Instant from, Instant to) {
            return this.readings.stream()
                .filter((reading) -> reading.key().equals(patientId))
                .filter((reading) -> !reading.timestamp().isBefore(from) && !reading.timestamp().isAfter(to))
                .toList();
        }

        List<ClassifiedReading> classified(String patientId, Instant from, Instant to) {
            return readingsOf(patientId, from, to).stream()
                .map((reading) -> CLASSIFIER.classify(reading.payload(), reading.timestamp()))
                .toList();
        }
    }
}
