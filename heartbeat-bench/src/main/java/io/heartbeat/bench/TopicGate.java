package io.heartbeat.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Holds a topic's new records back from {@code read_committed} consumers with a transaction left open, released by
 * aborting it (docs/benchmarks.md, "What one run does", 2, the gate).
 */
final class TopicGate implements AutoCloseable {

    // The broker's default transaction.max.timeout.ms: a preload may take minutes.
    private static final int TRANSACTION_TIMEOUT_MS = 15 * 60 * 1000;

    private final KafkaProducer<byte[], byte[]> producer;

    private final String topic;

    private final int partitions;

    private long records;

    private Map<TopicPartition, Long> heldEnds = Map.of();

    TopicGate(String bootstrapServers, String topic, int partitions) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-gate",
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.partitions = partitions;
        this.producer.initTransactions();
    }

    /** From now on, records appended to the topic wait for {@link #release}. */
    void hold() {
        this.producer.beginTransaction();
        List<Future<RecordMetadata>> sent = IntStream.range(0, this.partitions)
            .mapToObj((partition) -> this.producer.send(new ProducerRecord<>(this.topic, partition, null, new byte[0])))
            .toList();
        this.producer.flush();
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (Future<RecordMetadata> record : sent) {
            RecordMetadata metadata = sentRecord(record);
            ends.put(new TopicPartition(metadata.topic(), metadata.partition()), metadata.offset() + 1);
        }
        this.heldEnds = Map.copyOf(ends);
        this.records += this.partitions;
    }

    /** Each partition's end offset right after the last {@link #hold}: its backlog is what comes after. */
    Map<TopicPartition, Long> heldEnds() {
        return this.heldEnds;
    }

    /** Lets the consumers read everything appended since {@link #hold}. */
    void release() {
        this.producer.abortTransaction();
        // The abort's marker takes an offset in each partition too.
        this.records += this.partitions;
    }

    /** Offsets the gate has taken in the topic so far: its empty records and its abort markers. */
    long records() {
        return this.records;
    }

    @Override
    public void close() {
        this.producer.close();
    }

    private static RecordMetadata sentRecord(Future<RecordMetadata> record) {
        try {
            return record.get();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while holding the topic back", ex);
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException("Could not hold the topic back: " + ex.getCause(), ex);
        }
    }
}
