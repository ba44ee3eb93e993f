package io.heartbeat.consumer.persistence;

import java.util.UUID;

import io.heartbeat.validation.ClassifiedReading;

/**
 * One {@code heartbeats} row to write: a classified reading, its delivery key and the Kafka record it came from.
 *
 * @param topic the topic the record was read from (for error messages)
 * @param partition the record's partition, stored as {@code kafka_partition}
 * @param offset the record's offset, stored as {@code kafka_offset}
 * @param deliveryKey the {@code event_id} column: what makes a redelivered record a no-op
 * @param reading the verdict and the columns taken from the payload
 */
public record HeartbeatRow(String topic, int partition, long offset, UUID deliveryKey,
        ClassifiedReading reading) {

    /** Where the row came from, as {@code topic-partition@offset}. */
    public String coordinates() {
        return this.topic + "-" + this.partition + "@" + this.offset;
    }
}
