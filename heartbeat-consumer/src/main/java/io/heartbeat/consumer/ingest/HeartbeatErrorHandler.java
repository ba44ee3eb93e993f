package io.heartbeat.consumer.ingest;

import java.util.Map;

import io.heartbeat.consumer.persistence.OffsetRanges;
import io.heartbeat.consumer.persistence.RecordRefusedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.ListenerUtils;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The listener's one error handler, which Boot puts on the container factory: a record the listener names is retried,
 * then dead-lettered; any other failure sets the whole batch back after a back-off (docs/consumer.md#errors).
 */
@Component
class HeartbeatErrorHandler extends DefaultErrorHandler {

    private static final Logger logger = LoggerFactory.getLogger(HeartbeatErrorHandler.class);

    private final FatalKafkaErrors fatal;

    private final PollFailures pollFailures;

    // Per listener thread: the back-off of its current run of failed batches.
    private final ThreadLocal<BackOffExecution> failing;

    private final ThreadLocal<Integer> attempts = ThreadLocal.withInitial(() -> 0);

    HeartbeatErrorHandler(DeadLetters deadLetters, FatalKafkaErrors fatal, PollFailures pollFailures,
            ConsumerSettings consumer) {
        super(deadLetters, consumer.retryBackOff(consumer.recordAttempts() - 1));
        this.fatal = fatal;
        this.pollFailures = pollFailures;
        this.failing = ThreadLocal.withInitial(consumer.retryBackOff(Long.MAX_VALUE)::start);
        // Without the framework's defaults, nothing is skipped for being unexpected: only a refusal is final.
        setClassifications(Map.of(), true);
        addNotRetryableExceptions(RecordRefusedException.class);
        int recordAttempts = consumer.recordAttempts();
        // The handler retries one record the listener named; a refusal is never retried.
        setRetryListeners((record, failure, attempt) -> {
            if (!causedBy(failure, RecordRefusedException.class)) {
                logger.warn("Record {} failed on its own (attempt {} of {}); {}: {}", KafkaUtils.format(record),
                        attempt, recordAttempts, (attempt < recordAttempts) ? "retrying it" : "dead-lettering it",
                        rootMessage(failure));
            }
        });
        // After a dead-lettered record the handler re-seeks the rest with an exception; DeadLetters and the retry
        // listener already said what happened, in one WARN line each.
        setLogLevel(KafkaException.Level.DEBUG);
    }

    @Override
    public void handleBatch(Exception failure, ConsumerRecords<?, ?> records, Consumer<?, ?> consumer,
            MessageListenerContainer container, Runnable invokeListener) {
        if (this.fatal.stopIfFatal(failure, container)) {
            throw new KafkaException("Stopping", KafkaException.Level.DEBUG, failure);
        }
        try {
            if (causedBy(failure, BatchListenerFailedException.class)) {
                super.handleBatch(failure, records, consumer, container, invokeListener);
            }
            else {
                rewindAfterBackOff(failure, records, consumer, container);
            }
        }
        catch (RuntimeException ex) {
            // A commit of the offsets before a failed record can be where the fence shows.
            if (this.fatal.stopIfFatal(ex, container)) {
                throw new KafkaException("Stopping", KafkaException.Level.DEBUG, ex);
            }
            throw ex;
        }
    }

    // A failure of the poll itself, such as a broker too old to take the consumer's join or a group held by another
    // program's members: the container would poll again at once, failing and logging a stack trace each time.
    @Override
    public void handleOtherException(Exception failure, Consumer<?, ?> consumer, MessageListenerContainer container,
            boolean batchListener) {
        if (this.fatal.stopIfFatal(failure, container)) {
            return;
        }
        logger.warn("{}; polling again in {} s", this.pollFailures.record(failure),
                this.pollFailures.pause().toSeconds());
        try {
            ListenerUtils.stoppableSleep(container, this.pollFailures.pause().toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void clearThreadState() {
        super.clearThreadState();
        this.failing.remove();
        this.attempts.remove();
    }

    private void rewindAfterBackOff(Exception failure, ConsumerRecords<?, ?> records, Consumer<?, ?> consumer,
            MessageListenerContainer container) {
        int attempt = this.attempts.get() + 1;
        this.attempts.set(attempt);
        // The listener's failures come wrapped; a failed offset commit comes as it is.
        OffsetRanges batch = new OffsetRanges();
        records.forEach((record) -> batch.add(record.topic(), record.partition(), record.offset()));
        logger.warn("Could not {} {} (attempt {}); retrying, offsets stay uncommitted: {}",
                (failure instanceof ListenerExecutionFailedException) ? "write" : "commit the offsets of", batch,
                attempt, rootMessage(failure));
        try {
            // No poll meanwhile, so no rebalance either: the seeks below are for partitions still owned.
            ListenerUtils.stoppableSleep(container, this.failing.get().nextBackOff());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        for (TopicPartition partition : records.partitions()) {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
        }
        // Thrown, so that the container acknowledges nothing of the batch.
        throw new KafkaException("Batch set back after a failure", KafkaException.Level.DEBUG, failure);
    }

    static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
