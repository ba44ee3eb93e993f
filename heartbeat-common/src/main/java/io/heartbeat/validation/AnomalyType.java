package io.heartbeat.validation;

/**
 * Why a reading is not valid, as stored in {@code heartbeats.anomaly_type}; each belongs to one status.
 */
public enum AnomalyType {

    LOW_BPM("low_bpm", ValidationStatus.INVALID_PHYSIOLOGICAL),
    HIGH_BPM("high_bpm", ValidationStatus.INVALID_PHYSIOLOGICAL),
    NULL_VALUE("null_value", ValidationStatus.INVALID_SYSTEM),
    NEGATIVE_VALUE("negative_value", ValidationStatus.INVALID_SYSTEM),
    OVERFLOW_VALUE("overflow_value", ValidationStatus.INVALID_SYSTEM),
    FUTURE_TIMESTAMP("future_timestamp", ValidationStatus.INVALID_SYSTEM),
    STALE_TIMESTAMP("stale_timestamp", ValidationStatus.INVALID_SYSTEM),
    MALFORMED_JSON("malformed_json", ValidationStatus.CORRUPTED),
    MISSING_FIELD("missing_field", ValidationStatus.CORRUPTED),
    PARSING_ERROR("parsing_error", ValidationStatus.CORRUPTED),
    INVALID_TIMESTAMP("invalid_timestamp", ValidationStatus.CORRUPTED),
    INVALID_PATIENT_ID("invalid_patient_id", ValidationStatus.CORRUPTED),
    // Not the classifier's verdict: the consumer's, for a record whose event_id is stored with other content.
    CONFLICTING_EVENT_ID("conflicting_event_id", ValidationStatus.CORRUPTED);

    private final String dbValue;

    private final ValidationStatus status;

    AnomalyType(String dbValue, ValidationStatus status) {
        this.dbValue = dbValue;
        this.status = status;
    }

    public String dbValue() {
        return this.dbValue;
    }

    public ValidationStatus status() {
        return this.status;
    }
}
