package io.heartbeat.consumer.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommitStallTests {

    private static final TopicPartition P0 = new TopicPartition("heartbeats", 0);

    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

    private final CommitStall stall = new CommitStall(Duration.ofSeconds(30));

    @Test
    void recordsWaitingWithNoCommitForTheTimeoutAreAStall() {
        assertThat(this.stall.observe(Map.of(P0, 100L), 5, T0)).isZero();
        assertThat(this.stall.observe(Map.of(P0, 100L), 50, T0.plusSeconds(29))).hasSeconds(29);
        assertThat(this.stall.isStalled(this.stall.observe(Map.of(P0, 100L), 80, T0.plusSeconds(29)))).isFalse();
        Duration waited = this.stall.observe(Map.of(P0, 100L), 90, T0.plusSeconds(30));
        assertThat(waited).hasSeconds(30);
        assertThat(this.stall.isStalled(waited)).isTrue();
    }

    @Test
    void aMovedOffsetStartsTheCountAgain() {
        this.stall.observe(Map.of(P0, 100L), 5, T0);
        this.stall.observe(Map.of(P0, 100L), 5, T0.plusSeconds(20));
        assertThat(this.stall.observe(Map.of(P0, 105L), 5, T0.plusSeconds(25))).isZero();
        assertThat(this.stall.observe(Map.of(P0, 105L), 5, T0.plusSeconds(54))).hasSeconds(29);
    }

    @Test
    void recordsArrivingAfterAQuietSpellDoNotCountTheQuietSpell() {
        this.stall.observe(Map.of(P0, 100L), 0, T0);
        this.stall.observe(Map.of(P0, 100L), 0, T0.plusSeconds(3_600));
        assertThat(this.stall.observe(Map.of(P0, 100L), 7, T0.plusSeconds(3_601))).isZero();
        assertThat(this.stall.observe(Map.of(P0, 100L), 7, T0.plusSeconds(3_611))).hasSeconds(10);
    }

    @Test
    void noRecordsWaitingIsNeverAStall() {
        this.stall.observe(Map.of(P0, 100L), 0, T0);
        assertThat(this.stall.observe(Map.of(P0, 100L), 0, T0.plusSeconds(3_600))).isZero();
    }
}
