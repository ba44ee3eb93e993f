package io.heartbeat.consumer.alarm;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * One patient's row of {@code patient_alarm_state}: where the detector stands after the newest record it counted.
 * Mutable: {@link EpisodeDetector} moves it on reading by reading, and the batch writes it back in its transaction.
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
}
