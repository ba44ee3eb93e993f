package io.heartbeat.consumer.persistence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.heartbeat.consumer.batch.HeartbeatRow;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.ValidationStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatInsertTests {

    private static final UUID FIRST = UUID.fromString("018f0000-0000-7000-8000-000000000001");

    private static final UUID SECOND = UUID.fromString("018f0000-0000-7000-8000-000000000002");

    @Test
    void keepsTheFirstRowOfEachDeliveryKeyInTheBatchsOrder() {
        List<HeartbeatRow> rows = List.of(row(0, SECOND), row(1, FIRST), row(2, SECOND), row(3, FIRST),
                row(4, UUID.fromString("018f0000-0000-7000-8000-000000000003")));

        assertThat(HeartbeatInsert.firstOfEachKey(rows)).containsExactly(rows.get(0), rows.get(1), rows.get(4));
    }

    @Test
    void keepsABatchOfDistinctKeysWhole() {
        List<HeartbeatRow> rows = List.of(row(0, FIRST), row(1, SECOND));

        assertThat(HeartbeatInsert.firstOfEachKey(rows)).isEqualTo(rows);
    }

    @Test
    void aKeyAtAnotherStoredTimeIsAnotherKeyAndOneBelowAMicrosecondIsNot() {
        List<HeartbeatRow> rows = List.of(row(0, FIRST, Instant.EPOCH), row(1, FIRST, Instant.ofEpochSecond(0, 400)),
                row(2, FIRST, Instant.ofEpochSecond(0, 1_000)));

        assertThat(HeartbeatInsert.firstOfEachKey(rows)).containsExactly(rows.get(0), rows.get(2));
    }

    private static HeartbeatRow row(long offset, UUID key) {
        return row(offset, key, Instant.EPOCH);
    }

    private static HeartbeatRow row(long offset, UUID key, Instant time) {
        return new HeartbeatRow("heartbeats", 0, offset, key, new ClassifiedReading(key, "p-1", time, null,
                ValidationStatus.VALID, null, null), null);
    }
}
