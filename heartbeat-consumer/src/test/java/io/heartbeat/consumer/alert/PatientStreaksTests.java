package io.heartbeat.consumer.alert;

import java.util.List;
import java.util.OptionalLong;

import io.heartbeat.consumer.alert.PatientStreaks.Position;
import io.heartbeat.consumer.alert.PatientStreaks.Reading;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streak rule in memory, on hand-made histories: times are whole microseconds, stored readings have small ids
 * and a batch's readings {@link PatientStreaks#FIRST_BATCH_PLACE} plus their index.
 */
class PatientStreaksTests {

    @Test
    void theKthValidReadingAfterANonValidOneResolvesTheAlertsBeforeTheRunAsOfItsTime() {
        PatientStreaks streaks = PatientStreaks.of(
                List.of(stored(1, 1, false), stored(2, 2, true), stored(3, 3, true), batch(4, 0, true)), 4, 3);

        assertThat(streaks.recoveries()).hasSize(1);
        assertThat(streaks.resolvedAt(storedAt(1, 1))).isEqualTo(OptionalLong.of(4));
        assertThat(streaks.resolvedAt(storedAt(2, 2))).isEmpty();
    }

    @Test
    void aNonValidReadingStartsTheCountAgain() {
        PatientStreaks streaks = PatientStreaks.of(List.of(stored(1, 1, false), stored(2, 2, true),
                batch(3, 0, false), batch(4, 1, true), batch(5, 2, true)), 4, 3);

        assertThat(streaks.recoveries()).isEmpty();
        assertThat(streaks.resolvedAt(storedAt(1, 1))).isEmpty();
    }

    @Test
    void readingsOfTheSameTimeCountStoredOnesFirstThenTheBatchInItsOrder() {
        // Both batch readings share a time with a stored one; the alert of batch row 1 is before batch row 2.
        PatientStreaks streaks = PatientStreaks.of(List.of(stored(1, 7, true), batch(1, 1, false), batch(1, 2, true),
                batch(2, 3, true)), 1, 2);

        assertThat(streaks.resolvedAt(batchAt(1, 1))).isEqualTo(OptionalLong.of(2));
        assertThat(streaks.resolvedAt(storedAt(1, 7))).isEqualTo(OptionalLong.of(2));
    }

    @Test
    void theEarliestRunAfterAnAlertResolvesIt() {
        PatientStreaks streaks = PatientStreaks.of(List.of(stored(1, 1, false), batch(2, 0, true), batch(3, 1, true),
                batch(4, 2, false), batch(5, 3, true), batch(6, 4, true), batch(7, 5, true)), 2, 2);

        assertThat(streaks.resolvedAt(storedAt(1, 1))).isEqualTo(OptionalLong.of(3));
        assertThat(streaks.resolvedAt(batchAt(4, 2))).isEqualTo(OptionalLong.of(6));
        assertThat(streaks.resolvedAt(batchAt(7, 5))).isEmpty();
    }

    @Test
    void countingStartsAtTheKthReadingBeforeTheEarliestValidOneOfTheBatch() {
        // K = 2: the window starts at time 2, so the run is seen from there and its second reading is at 3,
        // as the statement in the database counts it.
        PatientStreaks streaks = PatientStreaks.of(List.of(stored(1, 1, true), stored(2, 2, true), stored(3, 3, true),
                batch(4, 0, true)), 4, 2);

        assertThat(streaks.resolvedAt(new Position(0, 0))).isEqualTo(OptionalLong.of(3));
    }

    @Test
    void withFewerThanKReadingsBeforeTheBatchEveryReadingCounts() {
        PatientStreaks streaks = PatientStreaks.of(List.of(stored(1, 1, true), batch(2, 0, true)), 2, 5);

        assertThat(streaks.recoveries()).isEmpty();
        assertThat(PatientStreaks.of(List.of(stored(1, 1, true), batch(2, 0, true)), 2, 2)
            .resolvedAt(new Position(0, 0))).isEqualTo(OptionalLong.of(2));
    }

    private static Reading stored(long micros, long id, boolean valid) {
        return new Reading(storedAt(micros, id), valid);
    }

    private static Reading batch(long micros, int index, boolean valid) {
        return new Reading(batchAt(micros, index), valid);
    }

    private static Position storedAt(long micros, long id) {
        return new Position(micros, id);
    }

    private static Position batchAt(long micros, int index) {
        return new Position(micros, PatientStreaks.FIRST_BATCH_PLACE + index);
    }
}
