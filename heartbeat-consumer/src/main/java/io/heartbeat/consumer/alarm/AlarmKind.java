package io.heartbeat.consumer.alarm;

import java.util.Arrays;

/**
 * What a clinical alarm is about, as {@code patient_alarms.kind} stores it.
 */
public enum AlarmKind {

    /** A run of readings above HEART_RATE_MAX ({@code high_bpm}). */
    SUSTAINED_TACHYCARDIA("sustained_tachycardia"),

    /** A run of readings below HEART_RATE_MIN ({@code low_bpm}). */
    SUSTAINED_BRADYCARDIA("sustained_bradycardia"),

    /** A patient who was reporting has fallen silent while the others of its partition go on. */
    DEVICE_SILENT("device_silent");

    private final String dbValue;

    AlarmKind(String dbValue) {
        this.dbValue = dbValue;
    }

    public String dbValue() {
        return this.dbValue;
    }

    /** The kind {@code patient_alarms.kind} stores as {@code dbValue}. */
    static AlarmKind of(String dbValue) {
        return Arrays.stream(values()).filter((kind) -> kind.dbValue.equals(dbValue)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("Unknown alarm kind '" + dbValue + "'"));
    }
}
