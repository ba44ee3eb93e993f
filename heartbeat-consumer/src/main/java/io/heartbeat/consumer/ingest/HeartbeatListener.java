package io.heartbeat.consumer.ingest;

import java.util.List;

import io.heartbeat.config.KafkaTopicSettings;
import io.heartbeat.consumer.persistence.HeartbeatBatchWriter;
import io.heartbeat.consumer.persistence.HeartbeatRow;
import io.heartbeat.consumer.persistence.OffsetRanges;
import io.heartbeat.consumer.persistence.RecordRefusedException;
import io.heartbeat.consumer.persistence.WriteFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * The consumer's path: a polled batch → classify every record → write them all in one transaction → return, and
 * the container commits the batch's offsets. A batch that times out, or fails on its data, is written in halves,
 * each in a transaction of its own, down to the one record at fault. Failures go to the error handler (see
 * docs/consumer.md).
 */
@Component
class HeartbeatListener {

    static final String ID = "heartbeat-consumer";

    private static final Logger logger = LoggerFactory.getLogger(HeartbeatListener.class);

    private final RecordClassifier classifier;

    private final HeartbeatBatchWriter writer;

    private final ConsumerMetrics metrics;

    private final BatchRetries retries;

    private final DeadLetters deadLetters;

    private final String topic;

    private final int recordAttempts;

    HeartbeatListener(RecordClassifier classifier, HeartbeatBatchWriter writer, ConsumerMetrics metrics,
            BatchRetries retries, DeadLetters deadLetters, KafkaTopicSettings topics, ConsumerSettings consumer) {
        this.classifier = classifier;
        this.writer = writer;
        this.metrics = metrics;
        this.retries = retries;
        this.deadLetters = deadLetters;
        this.topic = topics.topic();
        this.recordAttempts = consumer.recordAttempts();
    }

    /** The topic listened to, read by the annotation below. */
    public String getTopic() {
        return this.topic;
    }

    @KafkaListener(id = ID, idIsGroup = false, topics = "#{__listener.topic}")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        write(records, this.classifier.toRows(records), 0, records.size());
    }

    // Writes rows [from, to) in one transaction. A database failure goes to the error handler as it is, which
    // retries the whole batch; rows stored meanwhile are skipped as duplicates then.
    private void write(List<ConsumerRecord<String, byte[]>> records, List<HeartbeatRow> rows, int from, int to) {
        if (from == to) {
            return;
        }
        try {
            this.metrics.written(this.metrics.timeBatchWrite(() -> this.writer.write(rows.subList(from, to))));
        }
        catch (RecordRefusedException ex) {
            this.metrics.written(ex.written());
            int refused = from + ex.index();
            failed(records.get(refused), ex.getMessage(), ex);
            write(records, rows, refused + 1, to);
        }
        catch (RuntimeException ex) {
            WriteFailures.Kind kind = WriteFailures.classify(ex);
            if (kind == WriteFailures.Kind.DATABASE || (kind == WriteFailures.Kind.TIMED_OUT && to - from == 1)) {
                // One row that still times out says the database is too slow, not that the row is at fault.
                throw ex;
            }
            if (to - from == 1) {
                failed(records.get(from), "Could not write " + rows.get(from).coordinates() + " (event_id "
                        + rows.get(from).deliveryKey() + "): " + ex, ex);
                write(records, rows, from + 1, to);
                return;
            }
            int middle = (from + to) >>> 1;
            if (kind == WriteFailures.Kind.TIMED_OUT) {
                logger.warn("Writing {} timed out; writing it in two halves, each in its own transaction: {}",
                        OffsetRanges.of(rows.subList(from, to)), ex.getMessage());
            }
            else {
                logger.debug("Writing {} failed; writing it in two halves to find the record at fault",
                        OffsetRanges.of(rows.subList(from, to)), ex);
            }
            write(records, rows, from, middle);
            write(records, rows, middle, to);
        }
    }

    // Hands the one record at fault to the error handler: it commits the offsets before it, and dead-letters it at
    // once if PostgreSQL refused it, or after the configured attempts, redelivering the rest each time.
    private void failed(ConsumerRecord<String, byte[]> record, String reason, RuntimeException failure) {
        if (!this.retries.isRetrying(record)) {
            throw new BatchListenerFailedException(reason, failure, record);
        }
        // PostgreSQL came back during a whole-batch retry, whose recoverer would dead-letter every record of the
        // batch; so this listener counts the record's own failures and dead-letters it itself, then goes on.
        int failures = (failure instanceof RecordRefusedException) ? this.recordAttempts
                : this.retries.failedAlone(record) + 1;
        BatchListenerFailedException named = new BatchListenerFailedException(reason, failure, record);
        if (failures < this.recordAttempts) {
            throw named;
        }
        this.retries.failedDelivery(record, named, failures);
        this.deadLetters.accept(record, null, named);
    }
}
