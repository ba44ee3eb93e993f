package io.heartbeat.local.kafka;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.heartbeat.local.ports.LocalPorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class EmbeddedKafkaServerIntegrationTests {

    private static final String TOPIC = "restart-check";

    @TempDir
    Path dataDir;

    @Test
    void keepsRecordsAcrossRestartOnTheSameDirectory() throws Exception {
        int port = LocalPorts.anyFree();
        try (EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(this.dataDir, port)) {
            assertThat(kafka.bootstrapServers()).isEqualTo("localhost:" + port);
            try (Admin admin = Admin.create(
                    Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
            }
            send(kafka.bootstrapServers(), "patient-0001", "first run");
            assertThat(readAll(kafka.bootstrapServers())).containsExactly("patient-0001=first run");
        }
        int portAfterRestart = LocalPorts.anyFree();
        try (EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(this.dataDir, portAfterRestart)) {
            assertThat(readAll(kafka.bootstrapServers())).containsExactly("patient-0001=first run");
        }
    }

    @Test
    void refusesAPortThatIsTakenInOneLine() throws Exception {
        int port = LocalPorts.anyFree();
        try (var taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThatExceptionOfType(IllegalStateException.class)
                    .isThrownBy(() -> EmbeddedKafkaServer.start(this.dataDir, port))
                    .withMessage("Kafka cannot listen on localhost:" + port + ": the port is already in use "
                            + "(stop what uses it, or set KAFKA_BROKER to use that broker instead)");
        }
    }

    private static void send(String bootstrapServers, String key, String value) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
        }
    }

    private static List<String> readAll(String bootstrapServers) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<String> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(record.key() + "=" + record.value());
                }
                return !records.isEmpty();
            });
        }
        return records;
    }
}
