package io.heartbeat.producer.publish;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.heartbeat.producer.generator.GeneratedReading;
import io.heartbeat.validation.ValidationStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Hands readings to Kafka keyed by patient id and counts each as acknowledged or failed; a failed one is lost, never
 * retried, and logged once per outage: docs/producer.md, "When Kafka is gone".
 */
public class HeartbeatPublisher {

    private static final Logger logger = LoggerFactory.getLogger(HeartbeatPublisher.class);

    private final KafkaTemplate<String, byte[]> kafkaTemplate;

    private final String topic;

    private final Map<ValidationStatus, Counter> produced = new EnumMap<>(ValidationStatus.class);

    private final Counter sendFailed;

    private final AtomicLong acknowledged = new AtomicLong();

    private final AtomicLong failed = new AtomicLong();

    // Failures since the last acknowledgement: above zero while Kafka is gone.
    private final AtomicLong failedInOutage = new AtomicLong();

    // Told when Kafka refuses this producer's user: its producer is then in a fatal state and sends nothing more.
    private final Consumer<AuthorizationException> refused;

    public HeartbeatPublisher(KafkaTemplate<String, byte[]> kafkaTemplate, String topic, MeterRegistry registry,
            Consumer<AuthorizationException> refused) {
        this.kafkaTemplate = kafkaTemplate;
        this.topic = topic;
        this.refused = refused;
        // Registered up front, so every kind shows on the dashboard from the start, at zero.
        for (ValidationStatus kind : ValidationStatus.values()) {
            this.produced.put(kind, Counter.builder("heartbeat.events.produced")
                .description("Readings Kafka acknowledged, by the kind they were generated as")
                .tag("kind", kindTag(kind))
                .register(registry));
        }
        this.sendFailed = Counter.builder("heartbeat.events.send.failed")
            .description("Readings Kafka did not accept")
            .register(registry);
    }

    /** The {@code kind} tag on {@code heartbeat.events.produced} of readings generated as {@code kind}. */
    public static String kindTag(ValidationStatus kind) {
        return switch (kind) {
            case VALID -> "valid";
            case INVALID_PHYSIOLOGICAL -> "physiological";
            case INVALID_SYSTEM -> "system";
            case CORRUPTED -> "corrupted";
        };
    }

    /** Sends one reading, with its reading time as record timestamp; does not wait for the acknowledgement. */
    public void publish(GeneratedReading reading) {
        var record = new ProducerRecord<>(this.topic, null, reading.timestamp().toEpochMilli(), reading.key(),
                reading.payload());
        try {
            this.kafkaTemplate.send(record).whenComplete((result, failure) -> {
                if (failure == null) {
                    acknowledged(reading);
                }
                else {
                    failed(reading, failure);
                }
            });
        }
        catch (KafkaException | org.apache.kafka.common.KafkaException ex) {
            // Refused before it was queued, e.g. no metadata for the topic within max.block.ms.
            failed(reading, ex);
        }
    }

    /** Blocks until every reading handed over so far is acknowledged or has failed, and counted. */
    public void flush() {
        this.kafkaTemplate.flush();
    }

    /** Readings Kafka has acknowledged so far. */
    public long acknowledged() {
        return this.acknowledged.get();
    }

    /** Readings Kafka refused or did not acknowledge in time so far. */
    public long failed() {
        return this.failed.get();
    }

    private void acknowledged(GeneratedReading reading) {
        this.produced.get(reading.kind()).increment();
        this.acknowledged.incrementAndGet();
        // A plain read first: the common case, no outage, writes nothing shared.
        if (this.failedInOutage.get() > 0) {
            long lost = this.failedInOutage.getAndSet(0);
            if (lost > 0) {
                logger.warn("Kafka acknowledges heartbeats on topic {} again; {} failed since the last"
                        + " acknowledgement and are lost", this.topic, lost);
            }
        }
    }

    private void failed(GeneratedReading reading, Throwable failure) {
        this.sendFailed.increment();
        this.failed.incrementAndGet();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthorizationException refusal) {
                this.refused.accept(refusal);
                break;
            }
        }
        if (this.failedInOutage.getAndIncrement() == 0) {
            logger.warn("Could not send heartbeat to topic {} with key {}: {}; every reading until Kafka acknowledges"
                    + " again is lost and counted in heartbeat.events.send.failed", this.topic, reading.key(),
                    NestedExceptionUtils.getMostSpecificCause(failure).toString());
        }
    }
}
