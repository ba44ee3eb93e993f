package io.heartbeat.local.faults;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer's {@code /actuator/health} answers sampled during a fault, and the assertions on them: each request
 * answered in time, and DOWN from the first DOWN on.
 */
record HealthTimeline(List<HealthSample> samples) {

    static HealthTimeline of(List<HealthSample> samples) {
        assertThat(samples).as("health samples").isNotEmpty();
        return new HealthTimeline(List.copyOf(samples));
    }

    Duration slowest() {
        return this.samples.stream().map(HealthSample::took).max(Comparator.naturalOrder()).orElseThrow();
    }

    /** When health first answered 503 with {@code db} DOWN, after the fault began. */
    Optional<Duration> dbDown() {
        return this.samples.stream().filter((sample) -> sample.status() == 503 && sample.isDown("db"))
            .map(HealthSample::at).findFirst();
    }

    /** When {@code listener} was first DOWN, after the fault began. */
    Optional<Duration> listenerDown() {
        return this.samples.stream().filter((sample) -> sample.isDown("listener")).map(HealthSample::at).findFirst();
    }

    void assertEveryRequestAnsweredWithin(Duration bound) {
        assertThat(this.samples).allSatisfy((sample) -> {
            assertThat(sample.status()).as("answer %s", sample).isIn(200, 503);
            assertThat(sample.took()).as("time to answer %s", sample).isLessThan(bound);
        });
    }

    /**
     * {@code db} DOWN within {@code dbBound} and {@code listener} DOWN between {@code listenerEarliest} and
     * {@code listenerLatest}; from each one's first DOWN to the last sample, it stays DOWN and health answers 503.
     */
    void assertDownFromFirstDownToTheEnd(Duration dbBound, Duration listenerEarliest, Duration listenerLatest) {
        Duration db = dbDown().orElseThrow(() -> new AssertionError("db never DOWN: " + this.samples));
        assertThat(db).as("time to 503 with db DOWN").isLessThanOrEqualTo(dbBound);
        Duration listener = listenerDown().orElseThrow(() -> new AssertionError("listener never DOWN"));
        assertThat(listener).as("time to listener DOWN").isBetween(listenerEarliest, listenerLatest);
        assertThat(this.samples.stream().filter((sample) -> sample.at().compareTo(db) >= 0))
            .allSatisfy((sample) -> assertThat(sample.status() == 503 && sample.isDown("db")).as("%s", sample)
                .isTrue());
        assertThat(this.samples.stream().filter((sample) -> sample.at().compareTo(listener) >= 0))
            .allSatisfy((sample) -> assertThat(sample.isDown("listener")).as("%s", sample).isTrue());
    }
}
