package io.heartbeat.producer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.heartbeat.producer.generator.GeneratedReading;
import io.heartbeat.producer.generator.GeneratorSettings;
import io.heartbeat.producer.generator.HeartbeatGenerator;
import io.heartbeat.producer.publish.HeartbeatPublisher;
import io.heartbeat.producer.publish.ProductionSchedule;
import io.heartbeat.validation.HeartRateLimits;
import io.heartbeat.validation.HeartbeatClassifier;
import io.heartbeat.validation.ValidationStatus;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=application,heartbeat-producer",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "heartbeat.producer.seed=" + ProducerApplicationIntegrationTests.SEED,
        "heartbeat.producer.events-per-second=2000",
        "heartbeat.producer.max-events=" + ProducerApplicationIntegrationTests.EVENTS })
@EmbeddedKafka(partitions = 6)
class ProducerApplicationIntegrationTests {

    static final long SEED = 42;

    static final int EVENTS = 1_200;

    @Autowired
    private EmbeddedKafkaBroker broker;

    @Autowired
    private ProductionSchedule schedule;

    @Autowired
    private MeterRegistry registry;

    @LocalServerPort
    private int port;

    @BeforeEach
    void allEventsAcknowledged() {
        await().atMost(Duration.ofSeconds(60)).until(() -> producedTotal() == EVENTS);
    }

    @Test
    void sendsExactlyMaxEventsEachReplayableByteForByteFromTheSeed() {
        List<ConsumerRecord<String, byte[]>> records = topic().readAll(EVENTS);
        assertThat(records).hasSize(EVENTS);
        Map<String, List<ConsumerRecord<String, byte[]>>> byPatient = records.stream()
            .sorted(Comparator.comparingLong(ConsumerRecord::offset))
            .collect(Collectors.groupingBy(ConsumerRecord::key));
        assertThat(byPatient.keySet()).containsExactlyInAnyOrder("patient-0001", "patient-0002", "patient-0003",
                "patient-0004", "patient-0005", "patient-0006", "patient-0007", "patient-0008", "patient-0009",
                "patient-0010");

        // Patients take turns, so reading n is patient n % 10's (n / 10)-th; each record's timestamp is its
        // reading time, which is all a fresh generator needs to make the same bytes again.
        HeartbeatGenerator replay = new HeartbeatGenerator(SEED, GeneratorSettings.DEFAULT);
        HeartbeatClassifier classifier = new HeartbeatClassifier(HeartRateLimits.DEFAULT);
        Map<ValidationStatus, Double> expectedKinds = new EnumMap<>(ValidationStatus.class);
        for (int n = 0; n < EVENTS; n++) {
            ConsumerRecord<String, byte[]> record = byPatient.get(HeartbeatGenerator.patientId(n % 10)).get(n / 10);
            GeneratedReading expected = replay.next(Instant.ofEpochMilli(record.timestamp()));
            assertThat(record.key()).isEqualTo(expected.key());
            assertThat(record.value()).as("value of reading %d", n).isEqualTo(expected.payload());
            assertThat(classifier.classify(record.value(), Instant.ofEpochMilli(record.timestamp())).status())
                .isEqualTo(expected.kind());
            expectedKinds.merge(expected.kind(), 1.0, Double::sum);
        }
        assertThat(producedByKind()).isEqualTo(expectedKinds);
    }

    @Test
    void eachPatientStaysOnOnePartition() {
        Map<String, List<Integer>> partitionsByPatient = topic().readAll(EVENTS).stream()
            .collect(Collectors.groupingBy(ConsumerRecord::key,
                    Collectors.mapping(ConsumerRecord::partition, Collectors.toList())));

        partitionsByPatient.forEach((patient, partitions) -> assertThat(partitions.stream().distinct())
            .as("partitions of %s", patient).hasSize(1));
    }

    @Test
    void topicIsDeclaredWithTheConfiguredPartitions() {
        assertThat(topic().partitionCount()).isEqualTo(6);
    }

    @Test
    void staysIdleAfterTheLastEvent() {
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
            .until(() -> this.schedule.handedOver() == EVENTS);
        assertThat(topic().count()).isEqualTo(EVENTS);
        assertThat(this.schedule.isRunning()).isTrue();
        assertThat(this.registry.get("heartbeat.events.send.failed").counter().count()).isZero();
    }

    @Test
    void prometheusEndpointShowsTheProducedCountersByKind() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        for (Map.Entry<ValidationStatus, Double> produced : producedByKind().entrySet()) {
            assertThat(response.body().lines()).contains(
                    "heartbeat_events_produced_total{kind=\"" + HeartbeatPublisher.kindTag(produced.getKey()) + "\"} " + produced.getValue());
        }
        assertThat(response.body().lines()).contains("heartbeat_events_send_failed_total 0.0");
    }

    @Test
    void onlyHealthInfoAndPrometheusAreExposed() throws Exception {
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/info").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/env").statusCode()).isEqualTo(404);
        assertThat(get("/actuator/beans").statusCode()).isEqualTo(404);
    }

    @Test
    void livenessAsksNothingAndReadinessAsksKafka() throws Exception {
        HttpResponse<String> liveness = get("/actuator/health/liveness");
        HttpResponse<String> readiness = get("/actuator/health/readiness");

        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(json(liveness.body()))
            .isEqualTo(json("{\"status\":\"UP\",\"components\":{\"livenessState\":{\"status\":\"UP\"}}}"));
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json(readiness.body())).isEqualTo(json("{\"status\":\"UP\",\"components\":{\"kafka\":"
                + "{\"status\":\"UP\"},\"readinessState\":{\"status\":\"UP\"}}}"));
    }

    private static JsonNode json(String text) {
        return JsonMapper.builder().build().readTree(text);
    }

    private TopicContents topic() {
        return new TopicContents(this.broker, "heartbeats");
    }

    private Map<ValidationStatus, Double> producedByKind() {
        Map<ValidationStatus, Double> counts = new EnumMap<>(ValidationStatus.class);
        for (ValidationStatus kind : ValidationStatus.values()) {
            double count = this.registry.get("heartbeat.events.produced").tag("kind", HeartbeatPublisher.kindTag(kind))
                .counter().count();
            if (count > 0) {
                counts.put(kind, count);
            }
        }
        return counts;
    }

    private long producedTotal() {
        return (long) this.registry.get("heartbeat.events.produced").counters().stream()
            .mapToDouble((counter) -> counter.count()).sum();
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
