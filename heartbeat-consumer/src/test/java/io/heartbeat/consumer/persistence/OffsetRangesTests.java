package io.heartbeat.consumer.persistence;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetRangesTests {

    @Test
    void namesEachPartitionsLowestAndHighestOffsetInOrderOfAppearance() {
        OffsetRanges ranges = new OffsetRanges().add("heartbeats", 3, 12).add("heartbeats", 0, 7)
            .add("heartbeats", 3, 10).add("heartbeats", 3, 11);

        assertThat(ranges).hasToString("heartbeats-3@10..12, heartbeats-0@7");
    }

    @Test
    void anEmptyBatchSaysSo() {
        assertThat(new OffsetRanges()).hasToString("no records");
    }
}
