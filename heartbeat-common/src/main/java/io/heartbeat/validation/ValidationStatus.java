package io.heartbeat.validation;

import java.util.Arrays;

/**
 * The four outcomes of classifying a reading, as stored in {@code heartbeats.validation_status}.
 */
public enum ValidationStatus {

    VALID("valid", null),
    INVALID_PHYSIOLOGICAL("invalid_physiological", AlertCategory.PHYSIOLOGICAL_ANOMALY),
    INVALID_SYSTEM("invalid_system", AlertCategory.SYSTEM_ANOMALY),
    CORRUPTED("corrupted", AlertCategory.DATA_CORRUPTION);

    private final String dbValue;

    private final AlertCategory alertCategory;

    ValidationStatus(String dbValue, AlertCategory alertCategory) {
        this.dbValue = dbValue;
        this.alertCategory = alertCategory;
    }

    public String dbValue() {
        return this.dbValue;
    }

    /**
     * The status stored as {@code dbValue} in {@code heartbeats.validation_status}.
     * @throws IllegalArgumentException for a value no status is stored as
     */
    public static ValidationStatus of(String dbValue) {
        return Arrays.stream(values()).filter((status) -> status.dbValue.equals(dbValue)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("Unknown validation_status '" + dbValue + "'"));
    }

    /** The category of the alert this status raises, or {@code null} for a valid reading. */
    public AlertCategory alertCategory() {
        return this.alertCategory;
    }
}
