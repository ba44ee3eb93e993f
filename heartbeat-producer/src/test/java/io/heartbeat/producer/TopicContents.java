package io.heartbeat.producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * Reads what a topic of the embedded broker holds, as the consumer service would: String keys, raw byte values.
 */
final class TopicContents {

    private final EmbeddedKafkaBroker broker;

    private final String topic;

    TopicContents(EmbeddedKafkaBroker broker, String topic) {
        this.broker = broker;
        this.topic = topic;
    }

    /** Every record, at least {@code expected} of them, in offset order within each partition. */
    List<ConsumerRecord<String, byte[]>> readAll(int expected) {
        try (Consumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(30), expected).forEach(records::add);
            return records;
        }
    }

    /** How many records the topic holds: the sum of its partitions' end offsets. */
    long count() {
        try (Consumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            return ends.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    int partitionCount() {
        try (Consumer<String, byte[]> consumer = consumer()) {
            return partitions(consumer).size();
        }
    }

    private List<TopicPartition> partitions(Consumer<String, byte[]> consumer) {
        return consumer.partitionsFor(this.topic).stream()
            .map((partition) -> new TopicPartition(this.topic, partition.partition()))
            .toList();
    }

    private Consumer<String, byte[]> consumer() {
        Map<String, Object> properties = KafkaTestUtils.consumerProps(this.broker, "topic-contents", false);
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
