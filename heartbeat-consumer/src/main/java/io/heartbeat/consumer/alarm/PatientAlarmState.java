package io.heartbeat.consumer.alarm;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * One patient's row of {@code patient_alarm_state}: where the detector stands after the newest record it counted.
 * Mutable: {@link EpisodeRules} moves a batch's {@link #forUpdate() copy} on reading by reading, and the batch writes
 * it back in its transaction; the copy {@link AlarmDetector} keeps between batches is the row as committed, and is
 * never changed.
 */
final class PatientAlarmState {

    final String patientId;

    int partition;

    long offset;

    UUID eventId;

    Instant lastReadingAt;

    /** The current run of out-of-range readings: its kind, length and first reading's time; kind null when none. */
    AlarmKind runKind;

    int runLength;

    Instant runStartedAt;

    int validRun;

    /** started_at of each kind's alarm that has not ended. */
    final Map<AlarmKind, Instant> open = new EnumMap<>(AlarmKind.class);

    /** The row this state was copied from, as the table should still hold it; null for a patient not in the table. */
    Version stored;

    /** Whether the batch changed this state, so that it must be written back. */
    boolean changed;

    PatientAlarmState(String patientId, int partition, long offset, UUID eventId, Instant lastReadingAt) {
        this.patientId = patientId;
        this.partition = partition;
        this.offset = offset;
        this.eventId = eventId;
        this.lastReadingAt = lastReadingAt;
    }

    /** Whether the record at {@code partition}/{@code offset} was counted already: at or before the newest counted. */
    boolean counted(int partition, long offset) {
        return partition == this.partition && offset <= this.offset;
    }

    /** A copy for a batch to move on, remembering this state as the row it replaces. */
    PatientAlarmState forUpdate() {
        PatientAlarmState copy = new PatientAlarmState(this.patientId, this.partition, this.offset, this.eventId,
                this.lastReadingAt);
        copy.runKind = this.runKind;
        copy.runLength = this.runLength;
        copy.runStartedAt = this.runStartedAt;
        copy.validRun = this.validRun;
        copy.open.putAll(this.open);
        copy.stored = new Version(this.partition, this.offset, this.open.get(AlarmKind.DEVICE_SILENT));
        return copy;
    }

    /**
     * What tells one committed row of a patient from the next: the newest record counted and the silence marked.
     * Every write of a row moves one of them on (the silence alone when only that changed), so a row that still has
     * the version a batch read is the row it read.
     */
    record Version(int partition, long offset, Instant silentStartedAt) {
    }
}
