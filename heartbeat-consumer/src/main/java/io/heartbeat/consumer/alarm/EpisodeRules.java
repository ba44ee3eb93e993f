package io.heartbeat.consumer.alarm;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.heartbeat.consumer.batch.HeartbeatRow;
import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.ValidationStatus;

/**
 * The episode rules of docs/alarms.md ("The rules"), applied to one patient's readings in the order they arrive.
 */
final class EpisodeRules {

    private final AlarmSettings settings;

    private final List<Change> changes = new ArrayList<>();

    EpisodeRules(AlarmSettings settings) {
        this.settings = settings;
    }

    /** The alarms opened and ended so far, in order. */
    List<Change> changes() {
        return this.changes;
    }

    /**
     * A new patient's state, from its first row, which it then counts; null when that reading's time cannot be
     * trusted (the patient starts at its first reading that has one).
     */
    PatientAlarmState first(HeartbeatRow row) {
        ClassifiedReading reading = row.reading();
        if (!hasTrustedTime(reading)) {
            return null;
        }
        PatientAlarmState state = new PatientAlarmState(reading.patientId(), row.partition(), row.offset() - 1, null,
                time(reading));
        apply(state, row);
        return state;
    }

    /** Counts {@code row}'s reading, unless its record was counted already. */
    void apply(PatientAlarmState state, HeartbeatRow row) {
        if (state.counted(row.partition(), row.offset())) {
            return;
        }
        ClassifiedReading reading = row.reading();
        boolean retried = row.deliveryKey().equals(state.eventId);
        state.changed = true;
        state.partition = row.partition();
        state.offset = row.offset();
        state.eventId = row.deliveryKey();
        if (retried) {
            // The producer sent the same reading again (a retry): stored once, counted once.
            return;
        }
        Instant time = time(reading);
        if (hasTrustedTime(reading)) {
            end(state, AlarmKind.DEVICE_SILENT, time);
            if (time.isAfter(state.lastReadingAt)) {
                state.lastReadingAt = time;
            }
        }
        AlarmKind kind = runKind(reading.anomalyType());
        if (kind != state.runKind) {
            state.runKind = kind;
            state.runLength = 0;
            state.runStartedAt = (kind != null) ? time : null;
        }
        if (reading.status() == ValidationStatus.VALID) {
            state.validRun = Math.min(state.validRun + 1, this.settings.resolveAfterValid());
            if (state.validRun == this.settings.resolveAfterValid()) {
                end(state, AlarmKind.SUSTAINED_TACHYCARDIA, time);
                end(state, AlarmKind.SUSTAINED_BRADYCARDIA, time);
            }
            return;
        }
        state.validRun = 0;
        if (kind == null) {
            return;
        }
        state.runLength = Math.min(state.runLength + 1, this.settings.openAfter());
        if (state.runLength == this.settings.openAfter() && !state.open.containsKey(kind)) {
            state.open.put(kind, state.runStartedAt);
            this.changes.add(new Change(state.patientId, kind, state.runStartedAt, null));
        }
    }

    /**
     * Opens a device-silent alarm if the patient's newest reading is more than {@code silentAfter} older than
     * {@code partitionNewest}, its partition's newest reading, and its silence has none yet.
     */
    void fallSilent(PatientAlarmState state, Instant partitionNewest) {
        if (fallsSilent(state, partitionNewest)) {
            state.changed = true;
            state.open.put(AlarmKind.DEVICE_SILENT, state.lastReadingAt);
            this.changes.add(new Change(state.patientId, AlarmKind.DEVICE_SILENT, state.lastReadingAt, null));
        }
    }

    /** Whether {@link #fallSilent} would open an alarm; changes nothing. */
    boolean fallsSilent(PatientAlarmState state, Instant partitionNewest) {
        return !state.open.containsKey(AlarmKind.DEVICE_SILENT)
                && state.lastReadingAt.isBefore(partitionNewest.minus(this.settings.silentAfter()));
    }

    private void end(PatientAlarmState state, AlarmKind kind, Instant at) {
        Instant startedAt = state.open.remove(kind);
        if (startedAt != null) {
            this.changes.add(new Change(state.patientId, kind, startedAt, at));
        }
    }

    private static AlarmKind runKind(AnomalyType anomaly) {
        if (anomaly == AnomalyType.HIGH_BPM) {
            return AlarmKind.SUSTAINED_TACHYCARDIA;
        }
        if (anomaly == AnomalyType.LOW_BPM) {
            return AlarmKind.SUSTAINED_BRADYCARDIA;
        }
        return null;
    }

    static boolean hasTrustedTime(ClassifiedReading reading) {
        return reading.anomalyType() != AnomalyType.FUTURE_TIMESTAMP
                && reading.anomalyType() != AnomalyType.STALE_TIMESTAMP;
    }

    /** The reading's time as PostgreSQL keeps it: whole microseconds. */
    static Instant time(ClassifiedReading reading) {
        return reading.timestamp().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * An alarm opened ({@code endedAt} null) or ended: the patient, the kind and {@code started_at} name it.
     */
    record Change(String patientId, AlarmKind kind, Instant startedAt, Instant endedAt) {

        boolean opens() {
            return this.endedAt == null;
        }
    }
}
