package io.heartbeat.consumer.batch;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.heartbeat.validation.AnomalyType;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.RawPayload;
import io.heartbeat.validation.ValidationStatus;

/**
 * One {@code heartbeats} row to write: a classified reading, its delivery key and the Kafka record it came from.
 *
 * @param topic the topic the record was read from (for error messages)
 * @param partition the record's partition, stored as {@code kafka_partition}
 * @param offset the record's offset, stored as {@code kafka_offset}
 * @param deliveryKey the {@code event_id} column: what makes a redelivered record a no-op
 * @param reading the verdict and the columns taken from the payload
 * @param payload the record's value as received, kept for the rare row stored as a conflict ({@link #asConflict()}),
 *        whose {@code raw_payload} it becomes; may be {@code null} (a tombstone)
 */
public record HeartbeatRow(String topic, int partition, long offset, UUID deliveryKey, ClassifiedReading reading,
        byte[] payload) {

    /**
     * The delivery key of a record that has no usable event id of its own, or whose id is stored for other content:
     * a name-based UUID of its Kafka coordinates, the same on every redelivery of that record and no other's.
     */
    public static UUID coordinateKey(String topic, int partition, long offset) {
        return UUID.nameUUIDFromBytes((topic + "/" + partition + "/" + offset).getBytes(StandardCharsets.UTF_8));
    }

    /** Where the row came from, as {@code topic-partition@offset}. */
    public String coordinates() {
        return this.topic + "-" + this.partition + "@" + this.offset;
    }

    /**
     * This record as a conflict: its event id is stored for a reading with other content, so it is stored beside
     * that one under its coordinate key, {@code corrupted} / {@code conflicting_event_id}, with its own patient, time
     * and value, and its bytes in {@code raw_payload}.
     */
    public HeartbeatRow asConflict() {
        ClassifiedReading read = this.reading;
        ClassifiedReading conflict = new ClassifiedReading(read.eventId(), read.patientId(), read.timestamp(),
                read.heartbeatValue(), ValidationStatus.CORRUPTED, AnomalyType.CONFLICTING_EVENT_ID,
                RawPayload.toText(this.payload));
        return new HeartbeatRow(this.topic, this.partition, this.offset,
                coordinateKey(this.topic, this.partition, this.offset), conflict, this.payload);
    }
}
