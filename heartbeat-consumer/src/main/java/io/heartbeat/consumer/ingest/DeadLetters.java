package io.heartbeat.consumer.ingest;

import io.heartbeat.config.KafkaTopicSettings;
import io.heartbeat.consumer.persistence.RecordRefusedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Publishes a record PostgreSQL refused, or one that failed on its own on every attempt, to {@code <topic>.DLT} and
 * counts it; a dead letter Kafka does not take is offered again after a back-off (docs/consumer.md#errors).
 */
@Component
public class DeadLetters implements ConsumerAwareRecordRecoverer {

    private static final Logger logger = LoggerFactory.getLogger(DeadLetters.class);

    private final DeadLetterPublishingRecoverer publisher;

    private final KafkaTemplate<Object, Object> template;

    private final ConsumerMetrics metrics;

    private final String deadLetterTopic;

    // Per listener thread: the back-off of its current run of failed publications.
    private final ThreadLocal<BackOffExecution> failing;

    DeadLetters(KafkaTemplate<Object, Object> template, KafkaTopicSettings topics, ConsumerSettings consumer,
            ConsumerMetrics metrics) {
        this.deadLetterTopic = topics.deadLetterTopic();
        this.template = template;
        this.publisher = new DeadLetterPublishingRecoverer(template,
                (record, failure) -> new TopicPartition(this.deadLetterTopic, partitionFor(record)));
        this.metrics = metrics;
        this.failing = ThreadLocal.withInitial(consumer.retryBackOff(Long.MAX_VALUE)::start);
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, @Nullable Consumer<?, ?> consumer, Exception failure) {
        try {
            this.publisher.accept(record, consumer, failure);
        }
        catch (RuntimeException ex) {
            backOffAfter(record, ex);
            throw ex;
        }
        this.failing.remove();
        this.metrics.deadLettered();
        logger.warn("Dead-lettered to {}: {}", this.deadLetterTopic, reason(record, failure));
    }

    // The producer's metadata, cached, says how many partitions the topic has; a missing topic fails the send.
    private int partitionFor(ConsumerRecord<?, ?> record) {
        int partitions = this.template.partitionsFor(this.deadLetterTopic).size();
        return (partitions > 0) ? record.partition() % partitions : record.partition();
    }

    private void backOffAfter(ConsumerRecord<?, ?> record, RuntimeException failure) {
        long pause = this.failing.get().nextBackOff();
        logger.warn("Could not dead-letter {} to {}; offering it again in {} ms, offset uncommitted: {}",
                KafkaUtils.format(record), this.deadLetterTopic, pause,
                NestedExceptionUtils.getMostSpecificCause(failure).toString());
        try {
            Thread.sleep(pause);
        }
        catch (InterruptedException ex) {
            // The container is stopping: stop waiting, the record is redelivered after the restart.
            Thread.currentThread().interrupt();
        }
    }

    // The listener's exception names the record and says why: what PostgreSQL objected to, or what failed.
    private static String reason(ConsumerRecord<?, ?> record, Throwable failure) {
        BatchListenerFailedException named = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordRefusedException refusal) {
                return refusal.getMessage();
            }
            if (cause instanceof BatchListenerFailedException listenerFailure && named == null) {
                named = listenerFailure;
            }
        }
        if (named != null) {
            return named.getMessage();
        }
        return KafkaUtils.format(record) + ": " + failure;
    }
}
