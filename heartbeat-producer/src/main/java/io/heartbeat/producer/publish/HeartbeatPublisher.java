package io.heartbeat.producer.publish;

import java.util.EnumMap;
import java.util.Map;

import io.heartbeat.producer.generator.GeneratedReading;
import io.heartbeat.producer.generator.ReadingKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Hands readings to Kafka as raw bytes keyed by patient id, and counts each one when Kafka acknowledges or refuses it.
 */
public class HeartbeatPublisher {

    private static final Logger logger = LoggerFactory.getLogger(HeartbeatPublisher.class);

    private final KafkaTemplate<String, byte[]> kafkaTemplate;

    private final String topic;

    private final Map<ReadingKind, Counter> produced = new EnumMap<>(ReadingKind.class);

    private final Counter sendFailed;

    public HeartbeatPublisher(KafkaTemplate<String, byte[]> kafkaTemplate, String topic, MeterRegistry registry) {
        this.kafkaTemplate = kafkaTemplate;
        this.topic = topic;
        // Registered up front, so every kind shows on the dashboard from the start, at zero.
        for (ReadingKind kind : ReadingKind.values()) {
            this.produced.put(kind, Counter.builder("heartbeat.events.produced")
                .description("Readings Kafka acknowledged, by the kind they were generated as")
                .tag("kind", kind.tag())
                .register(registry));
        }
        this.sendFailed = Counter.builder("heartbeat.events.send.failed")
            .description("Readings Kafka did not accept")
            .register(registry);
    }

    /** Sends one reading, with its reading time as record timestamp; does not wait for the acknowledgement. */
    public void publish(GeneratedReading reading) {
        var record = new ProducerRecord<>(this.topic, null, reading.timestamp().toEpochMilli(), reading.key(),
                reading.payload());
        try {
            this.kafkaTemplate.send(record).whenComplete((result, failure) -> {
                if (failure == null) {
                    this.produced.get(reading.kind()).increment();
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

    private void failed(GeneratedReading reading, Throwable failure) {
        this.sendFailed.increment();
        logger.warn("Could not send heartbeat to topic {} with key {}: {}", this.topic, reading.key(),
                NestedExceptionUtils.getMostSpecificCause(failure).toString());
    }
}
