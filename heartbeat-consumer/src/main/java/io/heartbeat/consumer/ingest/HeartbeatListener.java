package io.heartbeat.consumer.ingest;

import java.util.List;

import io.heartbeat.config.KafkaTopicSettings;
import io.heartbeat.consumer.persistence.HeartbeatBatchWriter;
import io.heartbeat.consumer.persistence.HeartbeatRow;
import io.heartbeat.consumer.persistence.RecordRefusedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * The consumer's path: a polled batch → classify every record → write them all in one transaction → return, and
 * the container commits the batch's offsets. Failures go to the error handler (see docs/consumer.md).
 */
@Component
class HeartbeatListener {

    static final String ID = "heartbeat-consumer";

    private final RecordClassifier classifier;

    private final HeartbeatBatchWriter writer;

    private final ConsumerMetrics metrics;

    private final BatchRetries retries;

    private final DeadLetters deadLetters;

    private final String topic;

    HeartbeatListener(RecordClassifier classifier, HeartbeatBatchWriter writer, ConsumerMetrics metrics,
            BatchRetries retries, DeadLetters deadLetters, KafkaTopicSettings topics) {
        this.classifier = classifier;
        this.writer = writer;
        this.metrics = metrics;
        this.retries = retries;
        this.deadLetters = deadLetters;
        this.topic = topics.topic();
    }

    /** The topic listened to, read by the annotation below. */
    public String getTopic() {
        return this.topic;
    }

    @KafkaListener(id = ID, idIsGroup = false, topics = "#{__listener.topic}")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        List<HeartbeatRow> rows = this.classifier.toRows(records);
        try {
            this.metrics.written(this.metrics.timeBatchWrite(() -> this.writer.write(rows)));
        }
        catch (RecordRefusedException ex) {
            this.metrics.written(ex.written());
            ConsumerRecord<String, byte[]> refused = records.get(ex.index());
            if (!this.retries.isRetrying(refused)) {
                // Names the one refused record: the error handler commits those before it, dead-letters it, and
                // redelivers the rest.
                throw new BatchListenerFailedException(ex.getMessage(), ex, ex.index());
            }
            // PostgreSQL came back during a whole-batch retry, which would dead-letter every record of the batch
            // on this exception; so the refused record is dead-lettered here and the rest written.
            this.deadLetters.accept(refused, null, ex);
            onBatch(records.subList(ex.index() + 1, records.size()));
        }
    }
}
