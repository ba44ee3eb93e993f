package io.heartbeat.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A test's own clients of a real broker, whichever runs it: they send raw records (String key, byte[] value, as
 * the services exchange them) and read topics and a group's committed offsets back.
 */
public final class KafkaTestClients implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final String bootstrapServers;

    private final Admin admin;

    private final KafkaProducer<String, byte[]> producer;

    /**
     * @param producerSettings producer properties beyond the bootstrap servers and the serializers (acks, linger,
     *        maximum request size ...)
     */
    public KafkaTestClients(String bootstrapServers, Map<String, Object> producerSettings) {
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        Map<String, Object> producer = new HashMap<>(producerSettings);
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.producer = new KafkaProducer<>(producer, new StringSerializer(), new ByteArraySerializer());
    }

    /** For what the methods here do not cover: creating topics, describing or rewinding groups. */
    public Admin admin() {
        return this.admin;
    }

    /** Sends the records in one go and waits for every acknowledgement; returns where each landed, in order. */
    public List<RecordMetadata> sendAll(String topic, List<ProducerRecord<String, byte[]>> records) {
        List<Future<RecordMetadata>> sends = records.stream().map(this.producer::send).toList();
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

    /** The end offset of every partition of {@code topic}. */
    public Map<TopicPartition, Long> endOffsets(String topic) {
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

    /** The group's committed offsets of {@code topic}, 0 for partitions it has not committed. */
    public Map<TopicPartition, Long> committedOffsets(String group, String topic) {
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

    /** Every record of {@code topic}, read from the beginning to the current end, by a consumer of no group. */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Map<TopicPartition, Long> end = endOffsets(topic);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
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
        this.producer.close(CLOSE_TIMEOUT);
        this.admin.close(CLOSE_TIMEOUT);
    }
}
