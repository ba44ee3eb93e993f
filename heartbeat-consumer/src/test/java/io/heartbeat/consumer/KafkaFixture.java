package io.heartbeat.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * The test's side of the embedded broker: sends raw records, reads topics back, and reads or resets a consumer
 * group's committed offsets.
 */
final class KafkaFixture implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;

    private final Admin admin;

    private final KafkaProducer<String, byte[]> producer;

    KafkaFixture(EmbeddedKafkaBroker broker) {
        this.broker = broker;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
        this.producer = new KafkaProducer<>(KafkaTestUtils.producerProps(broker), new StringSerializer(),
                new ByteArraySerializer());
    }

    /** Sends one record and waits for the broker's acknowledgement. */
    RecordMetadata send(String topic, String key, byte[] value, Instant timestamp) {
        try {
            return this.producer.send(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key, value)).get();
        }
        catch (InterruptedException | ExecutionException ex) {
            throw new IllegalStateException("Could not send to " + topic, ex);
        }
    }

    /** Sends the values in one go, so a consumer polling meanwhile most likely gets them in one batch. */
    List<RecordMetadata> sendAll(String topic, String key, List<byte[]> values, Instant timestamp) {
        List<Future<RecordMetadata>> sends = values.stream()
            .map((value) -> this.producer.send(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key, value)))
            .toList();
        this.producer.flush();
        List<RecordMetadata> sent = new ArrayList<>();
        try {
            for (Future<RecordMetadata> send : sends) {
                sent.add(send.get());
            }
        }
        catch (InterruptedException | ExecutionException ex) {
            throw new IllegalStateException("Could not send to " + topic, ex);
        }
        return sent;
    }

    Map<TopicPartition, Long> endOffsets(String topic) {
        try {
            int partitions = this.admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                .partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int partition = 0; partition < partitions; partition++) {
                latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
            }
            return this.admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().offset()));
        }
        catch (InterruptedException | ExecutionException ex) {
            throw new IllegalStateException("Could not read the end offsets of " + topic, ex);
        }
    }

    /** The group's committed offsets of {@code topic}, 0 for partitions it never committed. */
    Map<TopicPartition, Long> committedOffsets(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> offsets = new HashMap<>();
            endOffsets(topic).keySet().forEach((partition) -> offsets.put(partition,
                    (committed.get(partition) != null) ? committed.get(partition).offset() : 0L));
            return offsets;
        }
        catch (InterruptedException | ExecutionException ex) {
            throw new IllegalStateException("Could not read the offsets of group " + group, ex);
        }
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
        Map<TopicPartition, Long> end = endOffsets(topic);
        Map<String, Object> properties = KafkaTestUtils.consumerProps(this.broker, "kafka-fixture", false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(end.keySet());
            consumer.seekToBeginning(end.keySet());
            while (end.entrySet().stream().anyMatch((partition) -> consumer.position(partition.getKey())
                    < partition.getValue())) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    @Override
    public void close() {
        this.producer.close();
        this.admin.close();
    }
}
