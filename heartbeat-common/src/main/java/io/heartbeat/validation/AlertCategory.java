package io.heartbeat.validation;

/**
 * Categories of {@code heartbeat_alerts} rows, one per kind of non-valid reading.
 */
public enum AlertCategory {

    PHYSIOLOGICAL_ANOMALY("physiological_anomaly"),
    SYSTEM_ANOMALY("system_anomaly"),
    DATA_CORRUPTION("data_corruption");

    private final String dbValue;

    AlertCategory(String dbValue) {
        this.dbValue = dbValue;
    }

    public String dbValue() {
        return this.dbValue;
    }
}
