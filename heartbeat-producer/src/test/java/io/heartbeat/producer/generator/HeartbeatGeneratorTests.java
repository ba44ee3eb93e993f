package io.heartbeat.producer.generator;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.HeartRateLimits;
import io.heartbeat.validation.HeartbeatClassifier;
import io.heartbeat.validation.ValidationStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HeartbeatGeneratorTests {

    private static final long SEED = 20261125L;

    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    private static final int SAMPLE = 100_000;

    @Test
    void sameSeedGivesTheSameReadingsByteForByte() {
        List<GeneratedReading> first = generate(new HeartbeatGenerator(SEED, GeneratorSettings.DEFAULT), 5_000);
        List<GeneratedReading> second = generate(new HeartbeatGenerator(SEED, GeneratorSettings.DEFAULT), 5_000);

        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).key()).isEqualTo(first.get(i).key());
            assertThat(second.get(i).payload()).as("payload %d", i).isEqualTo(first.get(i).payload());
            assertThat(second.get(i).kind()).isEqualTo(first.get(i).kind());
            assertThat(second.get(i).timestamp()).isEqualTo(first.get(i).timestamp());
        }
    }

    @Test
    void anotherSeedGivesOtherReadings() {
        GeneratedReading first = new HeartbeatGenerator(SEED, GeneratorSettings.DEFAULT).next(START);
        GeneratedReading other = new HeartbeatGenerator(SEED + 1, GeneratorSettings.DEFAULT).next(START);

        assertThat(other.payload()).isNotEqualTo(first.payload());
    }

    @Test
    void patientsTakeTurnsUnderStableIds() {
        List<GeneratedReading> readings = generate(new HeartbeatGenerator(SEED, GeneratorSettings.DEFAULT), 25);

        assertThat(readings).extracting(GeneratedReading::key).containsExactly("patient-0001", "patient-0002",
                "patient-0003", "patient-0004", "patient-0005", "patient-0006", "patient-0007", "patient-0008",
                "patient-0009", "patient-0010", "patient-0001", "patient-0002", "patient-0003", "patient-0004",
                "patient-0005", "patient-0006", "patient-0007", "patient-0008", "patient-0009", "patient-0010",
                "patient-0001", "patient-0002", "patient-0003", "patient-0004", "patient-0005");
    }

    @Test
    void aPatientsStreamDependsOnlyOnTheSeedAndItsNumber() {
        GeneratorSettings twenty = new GeneratorSettings(20, 0.2, HeartRateLimits.DEFAULT, 30, 200);

        List<GeneratedReading> ofTen = ofPatient(rounds(new HeartbeatGenerator(SEED, GeneratorSettings.DEFAULT), 300),
                "patient-0003");
        List<GeneratedReading> ofTwenty = ofPatient(rounds(new HeartbeatGenerator(SEED, twenty), 300), "patient-0003");

        assertThat(ofTen).hasSize(300);
        for (int i = 0; i < ofTen.size(); i++) {
            assertThat(ofTwenty.get(i).payload()).as("reading %d", i).isEqualTo(ofTen.get(i).payload());
        }
    }

    @Test
    void mixMatchesTheConfiguredRatioAndTheDocumentedSplit() {
        Map<ValidationStatus, Integer> kinds = new EnumMap<>(ValidationStatus.class);
        Map<AnomalyType, Integer> anomalies = new EnumMap<>(AnomalyType.class);
        HeartbeatClassifier classifier = new HeartbeatClassifier(HeartRateLimits.DEFAULT);
        for (GeneratedReading reading : generate(new HeartbeatGenerator(SEED, GeneratorSettings.DEFAULT), SAMPLE)) {
            kinds.merge(reading.kind(), 1, Integer::sum);
            AnomalyType anomaly = classifier.classify(reading.payload(), reading.timestamp()).anomalyType();
            if (anomaly != null) {
                anomalies.merge(anomaly, 1, Integer::sum);
            }
        }

        assertThat(share(kinds.get(ValidationStatus.VALID))).isCloseTo(0.80, within(0.01));
        assertThat(share(kinds.get(ValidationStatus.INVALID_PHYSIOLOGICAL))).isCloseTo(0.10, within(0.005));
        assertThat(share(kinds.get(ValidationStatus.INVALID_SYSTEM))).isCloseTo(0.05, within(0.005));
        assertThat(share(kinds.get(ValidationStatus.CORRUPTED))).isCloseTo(0.05, within(0.005));
        // docs/producer.md, "Mix": 3/12 of the invalid share for each out-of-range side, 1/12 for each other fault.
        for (Fault fault : Fault.values()) {
            double shareOfInvalid = (fault == Fault.LOW_BPM || fault == Fault.HIGH_BPM) ? 3.0 / 12 : 1.0 / 12;
            assertThat(share(anomalies.getOrDefault(fault.anomalyType(), 0))).as("share of %s", fault)
                .isCloseTo(0.2 * shareOfInvalid, within(0.003));
        }
        assertThat(anomalies.keySet()).containsExactlyInAnyOrder(AnomalyType.LOW_BPM, AnomalyType.HIGH_BPM,
                AnomalyType.NULL_VALUE, AnomalyType.NEGATIVE_VALUE, AnomalyType.OVERFLOW_VALUE,
                AnomalyType.PARSING_ERROR, AnomalyType.MISSING_FIELD, AnomalyType.MALFORMED_JSON);
    }

    @Test
    void classifierAgreesWithEveryReadingsKindAndValueBands() {
        assertClassifierAgrees(GeneratorSettings.DEFAULT);
    }

    @Test
    void classifierAgreesUnderOtherLimits() {
        assertClassifierAgrees(new GeneratorSettings(7, 0.5, new HeartRateLimits(60, 100), 40, 150));
    }

    @Test
    void classifierAgreesAtTheNarrowestBands() {
        assertClassifierAgrees(new GeneratorSettings(3, 0.5, new HeartRateLimits(1, 299), 0, 300));
    }

    @Test
    void invalidRatioZeroGivesOnlyValidReadingsAndOneOnlyInvalid() {
        GeneratorSettings none = new GeneratorSettings(10, 0, HeartRateLimits.DEFAULT, 30, 200);
        GeneratorSettings all = new GeneratorSettings(10, 1, HeartRateLimits.DEFAULT, 30, 200);

        assertThat(generate(new HeartbeatGenerator(SEED, none), 10_000)).extracting(GeneratedReading::kind)
            .containsOnly(ValidationStatus.VALID);
        assertThat(generate(new HeartbeatGenerator(SEED, all), 10_000)).extracting(GeneratedReading::kind)
            .doesNotContain(ValidationStatus.VALID);
    }

    @Test
    void validReadingsOfAPatientMoveLikeAHeartRate() {
        GeneratorSettings allValid = new GeneratorSettings(10, 0, HeartRateLimits.DEFAULT, 30, 200);
        HeartbeatClassifier classifier = new HeartbeatClassifier(HeartRateLimits.DEFAULT);
        List<Integer> values = new ArrayList<>();
        for (GeneratedReading reading : ofPatient(generate(new HeartbeatGenerator(SEED, allValid), SAMPLE),
                "patient-0001")) {
            values.add(classifier.classify(reading.payload(), reading.timestamp()).heartbeatValue().intValueExact());
        }

        int largestStep = 0;
        for (int i = 1; i < values.size(); i++) {
            largestStep = Math.max(largestStep, Math.abs(values.get(i) - values.get(i - 1)));
        }
        assertThat(values).hasSize(10_000).allSatisfy((value) -> assertThat(value).isBetween(50, 120));
        assertThat(largestStep).as("largest step between readings").isLessThanOrEqualTo(10);
        assertThat(values.stream().distinct().count()).as("distinct values").isGreaterThanOrEqualTo(10);
    }

    @Test
    void readingsCarryTheirTimeToTheMillisecond() {
        GeneratedReading reading = new HeartbeatGenerator(SEED, GeneratorSettings.DEFAULT)
            .next(START.plusNanos(1_234_567));

        assertThat(reading.timestamp()).isEqualTo(START.plusMillis(1));
    }

    private static void assertClassifierAgrees(GeneratorSettings settings) {
        HeartbeatClassifier classifier = new HeartbeatClassifier(settings.limits());
        HeartRateLimits limits = settings.limits();
        List<GeneratedReading> readings = generate(new HeartbeatGenerator(SEED, settings), SAMPLE);
        for (GeneratedReading reading : readings) {
            ClassifiedReading classified = classifier.classify(reading.payload(), reading.timestamp());
            assertThat(classified.status()).as("status of %s", new String(reading.payload()))
                .isEqualTo(reading.kind());
            BigDecimal value = classified.heartbeatValue();
            switch (reading.kind()) {
                case VALID -> assertThat(value.intValueExact()).isBetween(limits.min(), limits.max());
                case INVALID_PHYSIOLOGICAL -> assertThat(value.intValueExact()).satisfiesAnyOf(
                        (low) -> assertThat(low).isBetween(settings.invalidMin(), limits.min() - 1),
                        (high) -> assertThat(high).isBetween(limits.max() + 1, settings.invalidMax()));
                default -> {
                }
            }
            if (classified.anomalyType() != AnomalyType.MALFORMED_JSON) {
                assertThat(classified.patientId()).isEqualTo(reading.key());
                assertThat(classified.timestamp()).isEqualTo(reading.timestamp());
            }
        }
    }

    private static List<GeneratedReading> generate(HeartbeatGenerator generator, int count) {
        List<GeneratedReading> readings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            readings.add(generator.next(START.plus(Duration.ofMillis(100).multipliedBy(i))));
        }
        return readings;
    }

    /** Every patient once per round, a round per second: a patient's n-th reading is at the same time. */
    private static List<GeneratedReading> rounds(HeartbeatGenerator generator, int rounds) {
        List<GeneratedReading> readings = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (int patient = 0; patient < generator.settings().customerCount(); patient++) {
                readings.add(generator.next(START.plusSeconds(round)));
            }
        }
        return readings;
    }

    private static List<GeneratedReading> ofPatient(List<GeneratedReading> readings, String patientId) {
        return readings.stream().filter((reading) -> reading.key().equals(patientId)).toList();
    }

    private static double share(int count) {
        return (double) count / SAMPLE;
    }
}
