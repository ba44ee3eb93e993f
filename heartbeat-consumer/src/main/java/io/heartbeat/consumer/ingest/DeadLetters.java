package io.heartbeat.consumer.ingest;

import io.heartbeat.consumer.persistence.RecordRefusedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/**
 * Publishes a record PostgreSQL refused to {@code <topic>.DLT}, same partition, the failure in its headers; and
 * counts it.
 */
@Component
public class DeadLetters implements ConsumerAwareRecordRecoverer {

    private static final Logger logger = LoggerFactory.getLogger(DeadLetters.class);

    private final DeadLetterPublishingRecoverer publisher;

    private final ConsumerMetrics metrics;

    private final String deadLetterTopic;

    DeadLetters(KafkaTemplate<Object, Object> template, TopicSettings topics, ConsumerMetrics metrics) {
        this.deadLetterTopic = topics.deadLetterTopic();
        this.publisher = new DeadLetterPublishingRecoverer(template,
                (record, failure) -> new TopicPartition(this.deadLetterTopic, record.partition()));
        this.metrics = metrics;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, @Nullable Consumer<?, ?> consumer, Exception failure) {
        this.publisher.accept(record, consumer, failure);
        this.metrics.deadLettered();
        logger.warn("Dead-lettered to {}: {}", this.deadLetterTopic, reason(record, failure));
    }

    // The listener's exception wraps the refusal, whose message says what PostgreSQL objected to.
    private static String reason(ConsumerRecord<?, ?> record, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordRefusedException refusal) {
                return refusal.getMessage();
            }
        }
        return record.topic() + "-" + record.partition() + "@" + record.offset() + ": " + failure;
    }
}
