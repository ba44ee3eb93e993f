package io.heartbeat.consumer.persistence;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ValidationStatus;

/**
 * What a committed write changed: rows inserted per status, duplicates skipped, and of the inserted {@code corrupted}
 * rows the conflicts, {@link AnomalyType#CONFLICTING_EVENT_ID} (docs/consumer.md, "Delivery key").
 */
public record WriteResult(Map<ValidationStatus, Integer> inserted, int duplicates, int conflicting) {

    public static final WriteResult NONE = new WriteResult(Map.of(), 0, 0);

    public WriteResult {
        inserted = Collections.unmodifiableMap(copy(inserted));
    }

    public int insertedTotal() {
        return this.inserted.values().stream().mapToInt(Integer::intValue).sum();
    }

    public WriteResult plus(WriteResult other) {
        Map<ValidationStatus, Integer> sum = copy(this.inserted);
        other.inserted.forEach((status, count) -> sum.merge(status, count, Integer::sum));
        return new WriteResult(sum, this.duplicates + other.duplicates, this.conflicting + other.conflicting);
    }

    private static Map<ValidationStatus, Integer> copy(Map<ValidationStatus, Integer> counts) {
        Map<ValidationStatus, Integer> copy = new EnumMap<>(ValidationStatus.class);
        copy.putAll(counts);
        return copy;
    }
}
