package io.heartbeat.local.faults;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import io.heartbeat.config.PostgresSettings;
import io.heartbeat.local.kafka.EmbeddedKafkaServer;
import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.pipeline.ServiceApplications;
import io.heartbeat.local.ports.LocalPorts;
import io.heartbeat.testsupport.KafkaTestClients;
import io.heartbeat.testsupport.TestPostgres;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The launcher's real single-node Kafka server, which a test can stop and start again on the same log directory
 * and port; with the test's own clients, which send raw bytes and read topics and committed offsets back.
 */
public final class FaultKafka implements AutoCloseable {

    /** Records up to this size are allowed on the topics the tests create (the broker's default is 1 MB). */
    static final int MAX_RECORD_BYTES = 8 * 1024 * 1024;

    // The hand-written readings of the fault tests are of 2026-03-01. Their records are stamped with the end of that
    // day, as this project's producer stamps each record with its reading's time, so the consumer's clock bounds
    // (TIMESTAMP_MAX_AGE, a year) classify them the same in any year the tests run.
    private static final Instant READING_DAY_END = Instant.parse("2026-03-02T00:00:00Z");

    private final Path logDir;

    private final int port;

    private EmbeddedKafkaServer server;

    private final KafkaTestClients clients;

    private FaultKafka(Path logDir, int port) {
        this.logDir = logDir;
        this.port = port;
        this.server = EmbeddedKafkaServer.start(logDir, port);
        this.clients = new KafkaTestClients(bootstrapServers(), Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES));
    }

    public static FaultKafka start(Path logDir) {
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
     * Creates {@code topic}, taking records up to {@link #MAX_RECORD_BYTES} and keeping them however old; its
     * dead-letter topic is left to the consumer, which declares it.
     */
    public void createTopic(String topic, int partitions) {
        // No time-based retention: a reading-day record (readingDayRecord) is months old, and a topic keeping 7 days
        // deletes it at the broker's first retention check, before a consumer set back to it reads it again.
        Map<String, String> config = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_RECORD_BYTES),
                TopicConfig.RETENTION_MS_CONFIG, "-1");
        try {
            this.clients.admin().createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(config))).all().get();
        }
        catch (InterruptedException | ExecutionException ex) {
            throw new IllegalStateException("Could not create topic " + topic, ex);
        }
    }

    /** Where services find this broker and {@code database}, with {@code topic} and {@code group}. */
    public PipelineEndpoints endpoints(TestPostgres.Database database, String topic, String group) {
        return endpoints(bootstrapServers(), database, topic, group);
    }

    /** Where services find the brokers at {@code bootstrapServers} and {@code database}, with the topic and group. */
    static PipelineEndpoints endpoints(String bootstrapServers, TestPostgres.Database database, String topic,
            String group) {
        return new PipelineEndpoints(bootstrapServers, new PostgresSettings(database.host(), database.port(),
                database.name(), database.user(), database.password(), 5), topic, group);
    }

    /** The real producer, seeded, at 200 readings a second: what the fault tests run against. */
    static ConfigurableApplicationContext startSeededProducer(PipelineEndpoints endpoints, long seed) {
        return ServiceApplications.startProducer(endpoints, 0,
                Map.of("heartbeat.producer.seed", String.valueOf(seed), "heartbeat.producer.events-per-second", "200"));
    }

    /** A record of a hand-written reading of 2026-03-01, stamped the way a reading of that day would be. */
    static ProducerRecord<String, byte[]> readingDayRecord(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, null, READING_DAY_END.toEpochMilli(), key, value);
    }

    /** Sends the records in one go and waits for every acknowledgement; returns where each landed, in order. */
    List<RecordMetadata> sendAll(String topic, List<ProducerRecord<String, byte[]>> records) {
        return this.clients.sendAll(topic, records);
    }

    Map<TopicPartition, Long> endOffsets(String topic) {
        return this.clients.endOffsets(topic);
    }

    long recordCount(String topic) {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The group's committed offsets of {@code topic}, 0 for partitions it has not committed. */
    Map<TopicPartition, Long> committedOffsets(String group, String topic) {
        return this.clients.committedOffsets(group, topic);
    }

    /** Whether {@code group} has committed every record of {@code topic}. */
    public boolean consumedEverything(String group, String topic) {
        return committedOffsets(group, topic).equals(endOffsets(topic));
    }

    /** Every record of {@code topic}, read from the beginning to the current end. */
    List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return this.clients.readAll(topic);
    }

    @Override
    public void close() {
        this.clients.close();
        this.server.close();
    }
}
