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

    /** The {@code event_id} a record is stored under, stable across redelivery (docs/consumer.md, "Delivery key"). */
    static UUID deliveryKey(ClassifiedReading reading, String topic, int partition, long offset) {
        if (reading.status() != ValidationStatus.CORRUPTED && reading.eventId() != null) {
            return reading.eventId();
        }
        return HeartbeatRow.coordinateKey(topic, partition, offset);
    }
}
