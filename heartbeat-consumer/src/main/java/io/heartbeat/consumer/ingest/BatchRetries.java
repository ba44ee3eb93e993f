package io.heartbeat.consumer.ingest;

import io.heartbeat.consumer.persistence.OffsetRanges;
import io.heartbeat.consumer.persistence.RecordRefusedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.stereotype.Component;

/**
 * Follows the error handler's retries: one WARN per failed attempt; which batch this listener thread is retrying
 * whole (PostgreSQL away), so the listener knows when it is called from such a retry; and how often a record of that
 * batch has failed on its own since.
 */
@Component
public class BatchRetries implements RetryListener {

    private static final Logger logger = LoggerFactory.getLogger(BatchRetries.class);

    private final ThreadLocal<ConsumerRecords<?, ?>> retrying = new ThreadLocal<>();

    private final ThreadLocal<Failures> failedAlone = new ThreadLocal<>();

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
        if (isRefusal(failure)) {
            return;
        }
        BatchListenerFailedException named = named(failure);
        if (named != null) {
            // A record failed on its own: in a whole-batch retry, count it; otherwise the record's own
            // notification above says it.
            if (records == this.retrying.get() && named.getRecord() != null) {
                logFailedAlone(named.getRecord(), failure, countFailure(named.getRecord()));
            }
            return;
        }
        this.retrying.set(records);
        logger.warn("Could not write {} (attempt {}); retrying, offsets stay uncommitted: {}", describe(records),
                deliveryAttempt, rootMessage(failure));
    }

    @Override
    public void recovered(ConsumerRecords<?, ?> records, Exception failure) {
        stopRetrying();
    }

    @Override
    public void recoveryFailed(ConsumerRecords<?, ?> records, Exception original, Exception failure) {
        stopRetrying();
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

    /** How often {@code record}, of the batch this thread is retrying, has failed on its own so far. */
    int failedAlone(ConsumerRecord<?, ?> record) {
        Failures failures = this.failedAlone.get();
        return (failures != null && failures.record == record) ? failures.count : 0;
    }

    private int countFailure(ConsumerRecord<?, ?> record) {
        Failures failures = this.failedAlone.get();
        if (failures == null || failures.record != record) {
            failures = new Failures(record);
            this.failedAlone.set(failures);
        }
        return ++failures.count;
    }

    private void stopRetrying() {
        this.retrying.remove();
        this.failedAlone.remove();
    }

    private void logFailedAlone(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
        logger.warn("Record {}-{}@{} failed on its own (attempt {} of {}); {}: {}", record.topic(), record.partition(),
                record.offset(), attempt, this.recordAttempts,
                (attempt < this.recordAttempts) ? "retrying it" : "dead-lettering it", rootMessage(failure));
    }

    private static @Nullable BatchListenerFailedException named(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BatchListenerFailedException named) {
                return named;
            }
        }
        return null;
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

    // The record a whole-batch retry keeps failing on, by identity, and how often.
    private static final class Failures {

        private final ConsumerRecord<?, ?> record;

        private int count;

        Failures(ConsumerRecord<?, ?> record) {
            this.record = record;
        }
    }
}
