package io.heartbeat.producer.generator;

import java.util.Locale;

import io.heartbeat.validation.ValidationStatus;

/**
 * What a generated reading is meant to be; the consumer's classifier must reach the matching status.
 */
public enum ReadingKind {

    VALID(ValidationStatus.VALID),
    PHYSIOLOGICAL(ValidationStatus.INVALID_PHYSIOLOGICAL),
    SYSTEM(ValidationStatus.INVALID_SYSTEM),
    CORRUPTED(ValidationStatus.CORRUPTED);

    private final ValidationStatus status;

    ReadingKind(ValidationStatus status) {
        this.status = status;
    }

    /** The kind whose readings the consumer stores with {@code status}. */
    public static ReadingKind of(ValidationStatus status) {
        for (ReadingKind kind : values()) {
            if (kind.status == status) {
                return kind;
            }
        }
        throw new IllegalArgumentException("No kind for " + status);
    }

    /** The status the consumer stores for a reading of this kind. */
    public ValidationStatus status() {
        return this.status;
    }

    /** The value of the {@code kind} tag on {@code heartbeat.events.produced}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
