package io.heartbeat.consumer.ingest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.heartbeat.consumer.batch.HeartbeatRow;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.HeartbeatClassifier;
import io.heartbeat.validation.ValidationStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.stereotype.Component;

/**
 * Turns consumed records into rows to store: every record becomes one, whatever its bytes.
 */
@Component
class RecordClassifier {

    private final HeartbeatClassifier classifier;

    RecordClassifier(HeartbeatClassifier classifier) {
        this.classifier = classifier;
    }

    List<HeartbeatRow> toRows(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(this::toRow).toList();
    }

    HeartbeatRow toRow(ConsumerRecord<String, byte[]> record) {
        ClassifiedReading reading = this.classifier.classify(record.value(), Instant.ofEpochMilli(record.timestamp()));
        return new HeartbeatRow(record.topic(), record.partition(), record.offset(),
                deliveryKey(reading, record.topic(), record.partition(), record.offset()), reading, record.value());
    }

    /**
     * The {@code event_id} a record is stored under; a redelivered record has the same one, so storing it is a
     * no-op. The reading's own event id when it is readable and carries one. Otherwise a name-based UUID of the
     * record's Kafka coordinates ({@link HeartbeatRow#coordinateKey}): stable across redelivery, and unlike a
     * corrupted payload's id it is never a duplicate or a fake of another event's.
     */
    static UUID deliveryKey(ClassifiedReading reading, String topic, int partition, long offset) {
        if (reading.status() != ValidationStatus.CORRUPTED && reading.eventId() != null) {
            return reading.eventId();
        }
        return HeartbeatRow.coordinateKey(topic, partition, offset);
    }
}
