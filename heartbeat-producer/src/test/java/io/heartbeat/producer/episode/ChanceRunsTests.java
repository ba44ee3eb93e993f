package io.heartbeat.producer.episode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.heartbeat.validation.AnomalyType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChanceRunsTests {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private final List<Episode> recorded = new ArrayList<>();

    private final ChanceRuns runs = new ChanceRuns(2, 5, this.recorded::add);

    private int second;

    @Test
    void fiveHighReadingsAreATachycardiaListedOnceAReadingOfAnotherKindEndsThem() {
        send(0, AnomalyType.HIGH_BPM, AnomalyType.HIGH_BPM, AnomalyType.HIGH_BPM, AnomalyType.HIGH_BPM,
                AnomalyType.HIGH_BPM, AnomalyType.HIGH_BPM);

        assertThat(this.recorded).isEmpty();

        send(0, (AnomalyType) null);

        assertThat(this.recorded).containsExactly(new Episode("patient-0001", EpisodeKind.TACHYCARDIA, T0,
                T0.plusSeconds(5), Episode.Origin.CHANCE));
    }

    @Test
    void fourAreNotEnough() {
        send(0, AnomalyType.LOW_BPM, AnomalyType.LOW_BPM, AnomalyType.LOW_BPM, AnomalyType.LOW_BPM, null);

        assertThat(this.recorded).isEmpty();
    }

    @Test
    void aCorruptedRecordDoesNotBreakARunButASystemAnomalyDoes() {
        send(0, AnomalyType.LOW_BPM, AnomalyType.LOW_BPM, AnomalyType.MALFORMED_JSON, AnomalyType.LOW_BPM,
                AnomalyType.PARSING_ERROR, AnomalyType.LOW_BPM, AnomalyType.LOW_BPM, AnomalyType.NULL_VALUE);
        send(1, AnomalyType.LOW_BPM, AnomalyType.LOW_BPM, AnomalyType.LOW_BPM, AnomalyType.NEGATIVE_VALUE,
                AnomalyType.LOW_BPM, AnomalyType.LOW_BPM, null);

        assertThat(this.recorded).containsExactly(new Episode("patient-0001", EpisodeKind.BRADYCARDIA, T0,
                T0.plusSeconds(6), Episode.Origin.CHANCE));
    }

    @Test
    void aReadingOfTheOtherKindEndsARunAndStartsOne() {
        send(0, AnomalyType.LOW_BPM, AnomalyType.LOW_BPM, AnomalyType.LOW_BPM, AnomalyType.LOW_BPM,
                AnomalyType.LOW_BPM, AnomalyType.HIGH_BPM, AnomalyType.HIGH_BPM, AnomalyType.HIGH_BPM,
                AnomalyType.HIGH_BPM, AnomalyType.HIGH_BPM, null);

        assertThat(this.recorded).containsExactly(
                new Episode("patient-0001", EpisodeKind.BRADYCARDIA, T0, T0.plusSeconds(4), Episode.Origin.CHANCE),
                new Episode("patient-0001", EpisodeKind.TACHYCARDIA, T0.plusSeconds(5), T0.plusSeconds(9),
                        Episode.Origin.CHANCE));
    }

    @Test
    void aRunWithAReadingOfAnInjectedEpisodeIsThatEpisodesNotAChanceOne() {
        send(0, AnomalyType.HIGH_BPM, AnomalyType.HIGH_BPM);
        this.runs.reading(0, "patient-0001", AnomalyType.HIGH_BPM, true, T0.plusSeconds(this.second++));
        send(0, AnomalyType.HIGH_BPM, AnomalyType.HIGH_BPM, null);

        assertThat(this.recorded).isEmpty();
    }

    @Test
    void eachPatientHasRunsOfItsOwn() {
        for (int i = 0; i < 5; i++) {
            send(0, AnomalyType.HIGH_BPM);
            send(1, (AnomalyType) null);
        }
        send(1, AnomalyType.HIGH_BPM);
        send(0, (AnomalyType) null);

        assertThat(this.recorded).containsExactly(new Episode("patient-0001", EpisodeKind.TACHYCARDIA, T0,
                T0.plusSeconds(8), Episode.Origin.CHANCE));
    }

    // One reading a second from T0 on, whoever the patient.
    private void send(int patient, AnomalyType... anomalies) {
        for (AnomalyType anomaly : anomalies) {
            this.runs.reading(patient, String.format("patient-%04d", patient + 1), anomaly, false,
                    T0.plusSeconds(this.second++));
        }
    }
}
