package io.heartbeat.local.summary;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import io.heartbeat.validation.ValidationStatus;

/**
 * What the pipeline looked like at one moment: how far the topic and the consumer group are, and what the
 * database holds. A part that could not be read is {@code null}.
 *
 * @param takenAt when it was read
 * @param topic end offsets and consumer lag, or {@code null}
 * @param database row counts, or {@code null}
 */
public record PipelineSnapshot(Instant takenAt, TopicProgress topic, StoredRows database) {

    /**
     * @param endOffsets sum of the topic's end offsets: every record ever produced to it
     * @param lag records the consumer group has not committed yet, summed over partitions
     */
    public record TopicProgress(long endOffsets, long lag) {
    }

    /**
     * @param byStatus rows of {@code heartbeats} per validation status (every status present, zero if none)
     * @param alerts rows of {@code heartbeat_alerts}
     */
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
