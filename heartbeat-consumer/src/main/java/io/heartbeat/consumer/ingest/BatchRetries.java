package io.heartbeat.consumer.ingest;

import io.heartbeat.consumer.persistence.OffsetRanges;
import io.heartbeat.consumer.persistence.RecordRefusedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.RetryListener;
import org.springframework.stereotype.Component;

/**
 * Says what the error handler's retries do, one WARN per failed attempt: of a batch set back whole (PostgreSQL
 * away, an offset commit Kafka did not take), or of one record that failed on its own.
 */
@Component
class BatchRetries implements RetryListener {

    private static final Logger logger = LoggerFactory.getLogger(BatchRetries.class);

    private final int recordAttempts;

    BatchRetries(ConsumerSettings consumer) {
        this.recordAttempts = consumer.recordAttempts();
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int deliveryAttempt) {
        // The error handler retries one record the listener named; a refusal is never retried.
        if (!isRefusal(failure)) {
            logFailedAlone(record, failure, deliveryAttempt);
        }
    }

    @Override
    public void failedDelivery(ConsumerRecords<?, ?> records, Exception failure, int deliveryAttempt) {
        // Called once more for a named record, whose own notification above says it.
    }

    /** A batch failed as a whole: its write, or ({@code write} false) the commit of its offsets; it is set back. */
    void batchFailed(ConsumerRecords<?, ?> records, Exception failure, int attempt, boolean write) {
        logger.warn("Could not {} {} (attempt {}); retrying, offsets stay uncommitted: {}",
                write ? "write" : "commit the offsets of", describe(records), attempt, rootMessage(failure));
    }

    private void logFailedAlone(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
        logger.warn("Record {}-{}@{} failed on its own (attempt {} of {}); {}: {}", record.topic(), record.partition(),
                record.offset(), attempt, this.recordAttempts,
                (attempt < this.recordAttempts) ? "retrying it" : "dead-lettering it", rootMessage(failure));
    }

    private static boolean isRefusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordRefusedException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(ConsumerRecords<?, ?> records) {
        OffsetRanges ranges = new OffsetRanges();
        records.forEach((record) -> ranges.add(record.topic(), record.partition(), record.offset()));
        return ranges.toString();
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
