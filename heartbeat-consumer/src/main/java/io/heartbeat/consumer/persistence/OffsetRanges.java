package io.heartbeat.consumer.persistence;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.heartbeat.consumer.batch.HeartbeatRow;

/**
 * The Kafka records a batch covers, per partition, for messages: {@code heartbeats-0@10..19, heartbeats-3@7}.
 */
public final class OffsetRanges {

    private final Map<String, long[]> ranges = new LinkedHashMap<>();

    public static OffsetRanges of(Iterable<HeartbeatRow> rows) {
        OffsetRanges ranges = new OffsetRanges();
        rows.forEach((row) -> ranges.add(row.topic(), row.partition(), row.offset()));
        return ranges;
    }

    public OffsetRanges add(String topic, int partition, long offset) {
        this.ranges.merge(topic + "-" + partition, new long[] { offset, offset },
                (range, one) -> new long[] { Math.min(range[0], offset), Math.max(range[1], offset) });
        return this;
    }

    @Override
    public String toString() {
        if (this.ranges.isEmpty()) {
            return "no records";
        }
        return this.ranges.entrySet().stream()
                .map((range) -> range.getKey() + "@" + range.getValue()[0]
                        + ((range.getValue()[1] != range.getValue()[0]) ? ".." + range.getValue()[1] : ""))
                .collect(Collectors.joining(", "));
    }
}
