package io.heartbeat.local.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.heartbeat.local.LocalPorts;
import io.heartbeat.local.kafka.EmbeddedKafkaServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
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
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The launcher's real single-node Kafka server, which a test can stop and start again on the same log directory
 * and port; with the test's own clients, which send raw bytes and read topics and committed offsets back.
 */
final class FaultKafka implements AutoCloseable {

    /** Records up to this size are allowed on the topics the tests create (the broker's default is 1 MB). */
    static final int MAX_RECORD_BYTES = 8 * 1024 * 1024;

    private final Path logDir;

    private final int port;

    private EmbeddedKafkaServer server;

    private final Admin admin;

    private final KafkaProducer<String, byte[]> producer;

    private FaultKafka(Path logDir, int port) {
        this.logDir = logDir;
        this.port = port;
        this.server = EmbeddedKafkaServer.start(logDir, port);
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES), new StringSerializer(),
                new ByteArraySerializer());
    }

    static FaultKafka start(Path logDir) {
        return new FaultKafka(logDir, LocalPorts.anyFree());
    }

    String bootstrapServers() {
        return "localhost:" + this.port;
    }

    /** Stops the broker: clients see it go away as they would a crashed or restarting node. */
    void stop() {
        this.server.close();
    }

    /** Starts the broker again, on the same log directory and port. */
    void startAgain() {
        this.server = EmbeddedKafkaServer.start(this.logDir, this.port);
    }

    /**
     * Creates {@code topic}, taking records up to {@link #MAX_RECORD_BYTES}; its dead-letter topic is left to the
     * consumer, which declares it.
     */
    void createTopic(String topic, int partitions) {
        Map<String, String> config = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_RECORD_BYTES));
        try {
            this.admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(config))).all().get();
        }
        catch (InterruptedException | ExecutionException ex) {
            throw new IllegalStateException("Could not create topic " + topic, ex);
        }
    }

    /** Sends the records in one go and waits for every acknowledgement; returns where each landed, in order. */
    List<RecordMetadata> sendAll(String topic, List<ProducerRecord<String, byte[]>> records) {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        records.forEach((record) -> sends.add(this.producer.send(record)));
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

    long recordCount(String topic) {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The group's committed offsets of {@code topic}, 0 for partitions it has not committed. */
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

    /** Whether {@code group} has committed every record of {@code topic}. */
    boolean consumedEverything(String group, String topic) {
        return committedOffsets(group, topic).equals(endOffsets(topic));
    }

    /** Every record of {@code topic}, read from the beginning to the current end. */
    List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Map<TopicPartition, Long> end = endOffsets(topic);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
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
        this.producer.close(Duration.ofSeconds(5));
        this.admin.close(Duration.ofSeconds(5));
        this.server.close();
    }
}
