package io.heartbeat.consumer.startup;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.heartbeat.testsupport.KafkaTestClients;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Valid readings put on the topic before each start, so the started consumer finds records waiting. */
final class StartBenchReadings implements AutoCloseable {

    private final KafkaTestClients clients;

    private final String topic;

    private int sent;

    StartBenchReadings(String bootstrapServers, String topic) {
        this.clients = new KafkaTestClients(bootstrapServers, Map.of());
        this.topic = topic;
    }

    /** Sends {@code count} readings of 60 patients, each a new event, stamped now; waits for the broker. */
    void sendWaiting(int count) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int event = ++this.sent;
            String patient = "P-%03d".formatted(event % 60);
            String json = ("{\"event_id\":\"018f0000-0000-7000-8000-%012d\",\"patient_id\":\"%s\",\"timestamp\":\"%s\","
                    + "\"heartbeat_value\":%d}").formatted(event, patient, now, 60 + event % 40);
            records.add(new ProducerRecord<>(this.topic, null, now.toEpochMilli(), patient,
                    json.getBytes(StandardCharsets.UTF_8)));
        }
        this.clients.sendAll(this.topic, records);
    }

    @Override
    public void close() {
        this.clients.close();
    }
}
