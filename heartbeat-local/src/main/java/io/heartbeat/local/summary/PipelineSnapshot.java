package io.heartbeat.local.summary;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import io.heartbeat.validation.ValidationStatus;

/** The pipeline at one moment: the topic's and the group's progress, the rows stored; {@code null} if unreadable. */
public record PipelineSnapshot(Instant takenAt, TopicProgress topic, StoredRows database) {

    /** Every record ever produced to the topic (its end offsets), and those the group has yet to commit. */
    public record TopicProgress(long endOffsets, long lag) {
    }

    /** Rows of {@code heartbeats} by validation status, every status present, and of {@code heartbeat_alerts}. */
    public record StoredRows(Map<ValidationStatus, Long> byStatus, long alerts) {

        public StoredRows {
            Map<ValidationStatus, Long> complete = new EnumMap<>(ValidationStatus.class);
            for (ValidationStatus status : ValidationStatus.values()) {
                complete.put(status, byStatus.getOrDefault(status, 0L));
            }
            byStatus = Map.copyOf(complete);
        }

        public long total() {
            return this.byStatus.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
