package io.heartbeat.consumer.batch;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.RawPayload;
import io.heartbeat.validation.ValidationStatus;

/**
 * One {@code heartbeats} row to write: a classified reading, its delivery key and the Kafka record it came from, whose
 * value ({@code null} for a tombstone) is kept for the rare row stored as a conflict ({@link #asConflict()}).
 */
public record HeartbeatRow(String topic, int partition, long offset, UUID deliveryKey, ClassifiedReading reading,
        byte[] payload) {

    /** The delivery key of a record without a usable event id of its own (docs/consumer.md, "Delivery key"). */
    public static UUID coordinateKey(String topic, int partition, long offset) {
        return UUID.nameUUIDFromBytes((topic + "/" + partition + "/" + offset).getBytes(StandardCharsets.UTF_8));
    }

    /** Where the row came from, as {@code topic-partition@offset}. */
    public String coordinates() {
        return this.topic + "-" + this.partition + "@" + this.offset;
    }

    /** This record as a conflict: its event id is stored for other content (docs/consumer.md, "Delivery key"). */
    public HeartbeatRow asConflict() {
        ClassifiedReading read = this.reading;
        ClassifiedReading conflict = new ClassifiedReading(read.eventId(), read.patientId(), read.timestamp(),
                read.heartbeatValue(), ValidationStatus.CORRUPTED, AnomalyType.CONFLICTING_EVENT_ID,
                RawPayload.toText(this.payload));
        return new HeartbeatRow(this.topic, this.partition, this.offset,
                coordinateKey(this.topic, this.partition, this.offset), conflict, this.payload);
    }
}
