package io.heartbeat.consumer;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import io.heartbeat.testsupport.KafkaTestClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * The test's side of the embedded broker: sends raw records, reads topics back, and reads or resets a consumer
 * group's committed offsets.
 */
final class KafkaFixture implements AutoCloseable {

    /**
     * The Kafka timestamp of the tests' hand-written readings, which are of 2026-03-01 a little before: fixed, as
     * this project's producer stamps a record with its reading's time, so that the consumer's clock bounds
     * (TIMESTAMP_MAX_AGE) classify them the same in any year the tests run.
     */
    static final Instant READINGS_SENT = Instant.parse("2026-03-01T10:00:00Z");

    /**
     * Every test broker's setting: no time-based retention. Records stamped {@link #READINGS_SENT} are months old,
     * so a broker keeping 7 days deletes them at its first retention check, 30 s after it started; a consumer set
     * back to such a record (a retried batch, the records after a dead letter) then finds the log start beyond it
     * and skips to the end.
     */
    static final String KEEP_OLD_RECORDS = "log.retention.ms=-1";

    private final KafkaTestClients clients;

    private final Admin admin;

    KafkaFixture(EmbeddedKafkaBroker broker) {
        this.clients = new KafkaTestClients(broker.getBrokersAsString(), KafkaTestUtils.producerProps(broker));
        this.admin = this.clients.admin();
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    RecordMetadata send(String topic, String key, byte[] value, Instant timestamp) {
        // The value may be null (a tombstone), which List.of would refuse.
        return this.clients.sendAll(topic,
                List.of(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key, value))).get(0);
    }

    /** Sends the values in one go, so a consumer polling meanwhile most likely gets them in one batch. */
    List<RecordMetadata> sendAll(String topic, String key, List<byte[]> values, Instant timestamp) {
        return this.clients.sendAll(topic, values.stream()
            .map((value) -> new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key, value))
            .toList());
    }

    /** Sends the values to one partition, in order, in one go. */
    List<RecordMetadata> sendAll(String topic, int partition, String key, List<byte[]> values, Instant timestamp) {
        return this.clients.sendAll(topic, values.stream()
            .map((value) -> new ProducerRecord<>(topic, partition, timestamp.toEpochMilli(), key, value))
            .toList());
    }

    Map<TopicPartition, Long> endOffsets(String topic) {
        return this.clients.endOffsets(topic);
    }

    /** The group's committed offsets of {@code topic}, 0 for partitions it never committed. */
    Map<TopicPartition, Long> committedOffsets(String group, String topic) {
        return this.clients.committedOffsets(group, topic);
    }

    /** Sets the group's offsets of every partition of {@code topic} to 0; the group must have no members. */
    void rewind(String group, String topic) {
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        endOffsets(topic).keySet().forEach((partition) -> start.put(partition, new OffsetAndMetadata(0)));
        try {
            this.admin.alterConsumerGroupOffsets(group, start).all().get();
        }
        catch (InterruptedException | ExecutionException ex) {
            throw new IllegalStateException("Could not rewind group " + group, ex);
        }
    }

    /** The topics on the broker. */
    Set<String> topics() {
        try {
            return this.admin.listTopics().names().get();
        }
        catch (InterruptedException | ExecutionException ex) {
            throw new IllegalStateException("Could not list topics", ex);
        }
    }

    /** The ids of the consumer groups the broker knows. */
    List<String> groups() {
        try {
            return this.admin.listGroups().all().get().stream().map(GroupListing::groupId).toList();
        }
        catch (InterruptedException | ExecutionException ex) {
            throw new IllegalStateException("Could not list groups", ex);
        }
    }

    boolean hasMembers(String group) {
        try {
            return !this.admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().isEmpty();
        }
        catch (InterruptedException | ExecutionException ex) {
            throw new IllegalStateException("Could not describe group " + group, ex);
        }
    }

    /** Every record of {@code topic}, read from the beginning to the current end. */
    List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return this.clients.readAll(topic);
    }

    @Override
    public void close() {
        this.clients.close();
    }
}
