package io.heartbeat.consumer.ingest;

import java.util.UUID;

import io.heartbeat.consumer.batch.HeartbeatRow;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.ValidationStatus;

/**
 * The {@code event_id} a record is stored under; a redelivered record has the same one, so storing it is a no-op.
 */
final class DeliveryKeys {

    private DeliveryKeys() {
    }

    /**
     * The reading's own event id when it is readable and carries one. Otherwise a name-based UUID of the record's
     * Kafka coordinates ({@link HeartbeatRow#coordinateKey}): stable across redelivery, and unlike a corrupted
     * payload's id it is never a duplicate or a fake of another event's.
     */
    static UUID of(ClassifiedReading reading, String topic, int partition, long offset) {
        if (reading.status() != ValidationStatus.CORRUPTED && reading.eventId() != null) {
            return reading.eventId();
        }
        return HeartbeatRow.coordinateKey(topic, partition, offset);
    }
}
