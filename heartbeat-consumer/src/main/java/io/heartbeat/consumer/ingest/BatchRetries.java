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
 * Follows the error handler's whole-batch retries (PostgreSQL away): one WARN per failed attempt, and which batch
 * this listener thread is retrying, so the listener knows when it is called from such a retry.
 */
@Component
public class BatchRetries implements RetryListener {

    private static final Logger logger = LoggerFactory.getLogger(BatchRetries.class);

    private final ThreadLocal<ConsumerRecords<?, ?>> retrying = new ThreadLocal<>();

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int deliveryAttempt) {
        // Single records fail only when PostgreSQL refused them, and those are never retried.
    }

    @Override
    public void failedDelivery(ConsumerRecords<?, ?> records, Exception failure, int deliveryAttempt) {
        if (isRefusal(failure)) {
            return;
        }
        this.retrying.set(records);
        logger.warn("Could not write {} (attempt {}); retrying, offsets stay uncommitted: {}", describe(records),
                deliveryAttempt, rootMessage(failure));
    }

    @Override
    public void recovered(ConsumerRecords<?, ?> records, Exception failure) {
        this.retrying.remove();
    }

    @Override
    public void recoveryFailed(ConsumerRecords<?, ?> records, Exception original, Exception failure) {
        this.retrying.remove();
    }

    /** Whether {@code record} belongs to the batch this thread is retrying; a redelivered record is a new object. */
    boolean isRetrying(ConsumerRecord<?, ?> record) {
        ConsumerRecords<?, ?> batch = this.retrying.get();
        if (batch != null) {
            for (ConsumerRecord<?, ?> retried : batch) {
                if (retried == record) {
                    return true;
                }
            }
        }
        return false;
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
