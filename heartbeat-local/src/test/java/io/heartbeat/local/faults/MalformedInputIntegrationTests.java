package io.heartbeat.local.faults;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.heartbeat.local.faults.MalformedPayloads.Payload;
import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.pipeline.ServiceApplications;
import io.heartbeat.testsupport.TestPostgres;
import io.heartbeat.validation.RawPayload;
import io.heartbeat.validation.ValidationStatus;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad input: over a thousand malformed payloads from one seed, each accounted for exactly (its row's status,
 * reason, patient id and raw text), SQL injection in {@code patient_id} stored verbatim, nothing dead-lettered;
 * and the consumer goes on storing valid readings afterwards.
 */
class MalformedInputIntegrationTests {

    private static final Logger logger = LoggerFactory.getLogger(MalformedInputIntegrationTests.class);

    private static final long SEED = 1_000_003L;

    private static final String TOPIC = "heartbeats-malformed";

    private static final String GROUP = "heartbeat-consumer-malformed";

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path workDir;

    @Test
    void accountsForEveryMalformedPayloadStoresSqlInjectionVerbatimAndKeepsConsuming() {
        List<Payload> payloads = MalformedPayloads.generate(SEED);
        assertThat(payloads).hasSizeGreaterThanOrEqualTo(1_000);
        TestPostgres.Database database = TestPostgres.freshDatabase();
        StoredHeartbeats stored = new StoredHeartbeats(database.dataSource());
        try (FaultKafka kafka = FaultKafka.start(this.workDir.resolve("kafka"))) {
            kafka.createTopic(TOPIC, 3);
            PipelineEndpoints endpoints = kafka.endpoints(database, TOPIC, GROUP);
            try (ConfigurableApplicationContext consumer = ServiceApplications.startConsumer(endpoints, 0,
                    Map.of("heartbeat.kafka.partitions", "3"))) {
                List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
                for (int i = 0; i < payloads.size(); i++) {
                    records.add(FaultKafka.readingDayRecord(TOPIC, "key-" + i, payloads.get(i).bytes()));
                }
                List<RecordMetadata> sent = kafka.sendAll(TOPIC, records);
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.consumedEverything(GROUP, TOPIC));

                assertThat(stored.count()).isEqualTo(payloads.size());
                assertThat(mismatches(stored, payloads, sent)).isEmpty();
                assertThat(kafka.recordCount(TOPIC + ".DLT")).as("dead letters").isZero();
                stored.assertOneAlertPerViolation();
                logger.info("Stored {} malformed payloads as expected: {}", payloads.size(), countsByKind(payloads));

                List<ProducerRecord<String, byte[]>> valid = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    valid.add(FaultKafka.readingDayRecord(TOPIC, "after-" + i, ("{\"event_id\":\"018f0000-0000-7000-8000-"
                            + String.format("%012d", i) + "\",\"patient_id\":\"after-" + i
                            + "\",\"timestamp\":\"2026-03-01T11:00:00Z\",\"heartbeat_value\":80}")
                        .getBytes(StandardCharsets.UTF_8)));
                }
                kafka.sendAll(TOPIC, valid);
                await().atMost(PATIENCE).until(() -> kafka.consumedEverything(GROUP, TOPIC));
                assertThat(stored.jdbc().queryForObject("SELECT count(*) FROM heartbeats WHERE patient_id LIKE "
                        + "'after-%' AND validation_status = 'valid'", Long.class)).isEqualTo(20);
                assertThat(stored.count()).isEqualTo(payloads.size() + 20);
            }
        }
    }

    /** Every payload whose row differs from what it must be, as "kind #index: field". */
    private static List<String> mismatches(StoredHeartbeats stored, List<Payload> payloads,
            List<RecordMetadata> sent) {
        Map<String, List<String>> rows = new HashMap<>();
        stored.jdbc().query("SELECT kafka_partition, kafka_offset, validation_status, anomaly_type, patient_id, "
                + "raw_payload FROM heartbeats", (row) -> {
                    rows.put(row.getInt(1) + "@" + row.getLong(2), java.util.Arrays.asList(row.getString(3),
                            row.getString(4), row.getString(5), row.getString(6)));
                });
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            Payload payload = payloads.get(i);
            List<String> row = rows.get(sent.get(i).partition() + "@" + sent.get(i).offset());
            String what = payload.kind() + " #" + i + ": ";
            if (row == null) {
                mismatches.add(what + "not stored");
                continue;
            }
            boolean valid = payload.status() == ValidationStatus.VALID;
            check(mismatches, what + "status " + row.get(0), payload.status().dbValue(), row.get(0));
            check(mismatches, what + "anomaly " + row.get(1), valid ? null : payload.anomaly().dbValue(), row.get(1));
            check(mismatches, what + "patient_id", payload.patientId(), row.get(2));
            check(mismatches, what + "raw_payload", valid ? null : RawPayload.toText(payload.bytes()), row.get(3));
        }
        return mismatches;
    }

    private static void check(List<String> mismatches, String what, String expected, String actual) {
        if (!Objects.equals(expected, actual)) {
            mismatches.add(what);
        }
    }

    private static Map<String, Integer> countsByKind(List<Payload> payloads) {
        Map<String, Integer> counts = new TreeMap<>();
        payloads.forEach((payload) -> counts.merge(payload.kind(), 1, Integer::sum));
        return counts;
    }
}
