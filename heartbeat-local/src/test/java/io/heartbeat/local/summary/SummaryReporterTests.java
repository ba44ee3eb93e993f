package io.heartbeat.local.summary;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import io.heartbeat.local.summary.PipelineSnapshot.StoredRows;
import io.heartbeat.local.summary.PipelineSnapshot.TopicProgress;
import io.heartbeat.validation.ValidationStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryReporterTests {

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void showsRatesOverTheIntervalCountsPerStatusAlertsAndLag() {
        PipelineSnapshot previous = new PipelineSnapshot(START, new TopicProgress(100, 0),
                new StoredRows(Map.of(ValidationStatus.VALID, 80L, ValidationStatus.CORRUPTED, 20L), 20));
        PipelineSnapshot current = new PipelineSnapshot(START.plusSeconds(5), new TopicProgress(151, 3),
                new StoredRows(Map.of(ValidationStatus.VALID, 120L, ValidationStatus.INVALID_PHYSIOLOGICAL, 5L,
                        ValidationStatus.INVALID_SYSTEM, 2L, ValidationStatus.CORRUPTED, 21L), 28));

        assertThat(SummaryReporter.format(ZoneOffset.UTC, null, previous, current))
                .isEqualTo("12:00:05 produced 10.2/s stored 9.6/s"
                        + " | valid=120 invalid_physiological=5 invalid_system=2 corrupted=21 | alerts=28 | lag=3");
    }

    @Test
    void labelsTheLineAndShowsZeroForAStatusWithoutRows() {
        PipelineSnapshot previous = new PipelineSnapshot(START, new TopicProgress(0, 0), new StoredRows(Map.of(), 0));
        PipelineSnapshot current = new PipelineSnapshot(START.plusSeconds(30), new TopicProgress(300, 0),
                new StoredRows(Map.of(ValidationStatus.VALID, 300L), 0));

        assertThat(SummaryReporter.format(ZoneOffset.UTC, "final", previous, current))
                .isEqualTo("12:00:30 final produced 10.0/s stored 10.0/s"
                        + " | valid=300 invalid_physiological=0 invalid_system=0 corrupted=0 | alerts=0 | lag=0");
    }

    @Test
    void marksWhatCouldNotBeReadWithAQuestionMark() {
        PipelineSnapshot previous = new PipelineSnapshot(START, new TopicProgress(10, 0), null);
        PipelineSnapshot current = new PipelineSnapshot(START.plusSeconds(5), null,
                new StoredRows(Map.of(ValidationStatus.VALID, 10L), 0));

        assertThat(SummaryReporter.format(ZoneOffset.UTC, null, previous, current))
                .isEqualTo("12:00:05 produced ?/s stored ?/s"
                        + " | valid=10 invalid_physiological=0 invalid_system=0 corrupted=0 | alerts=0 | lag=?");
    }
}
