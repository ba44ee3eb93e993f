package io.heartbeat.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.heartbeat.consumer.OriginalPayloads.OriginalPayload;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With TIMESTAMP_DEFAULT_ZONE=Europe/Paris the whole consumer reads a timestamp without an offset as Paris time,
 * across both DST changes, and keeps a written offset.
 */
@TestPropertySource(properties = {
        "heartbeat.kafka.topic=" + LocalTimeZoneIntegrationTests.TOPIC,
        "heartbeat.consumer.group-id=local-time-zone-it-group",
        "TIMESTAMP_DEFAULT_ZONE=Europe/Paris" })
class LocalTimeZoneIntegrationTests extends AbstractConsumerIntegrationTests {

    static final String TOPIC = "local-time-zone-it";

    private static final Instant SENT = Instant.parse("2026-12-04T09:00:00Z");

    @Test
    void readsATimestampWithoutOffsetInTheConfiguredZone() {
        // The fixture's readings are all from December, when Paris is one hour ahead of UTC.
        List<OriginalPayload> payloads = OriginalPayloads.read();
        List<byte[]> values = new ArrayList<>(payloads.stream().map(OriginalPayload::bytes).toList());
        values.add(original("p-summer", "2026-07-15T09:00:00.500000"));
        values.add(original("p-gap", "2026-03-29T02:30:00"));
        values.add(original("p-overlap", "2026-10-25T02:30:00"));
        values.add(original("p-offset", "2026-07-15T09:00:00+05:00"));
        kafka.sendAll(TOPIC, null, values, SENT);

        awaitAllCommitted();

        List<String> storedTimes = this.jdbc.query("SELECT patient_id, timestamp FROM heartbeats",
                (rs, n) -> rs.getString(1) + " " + rs.getObject(2, OffsetDateTime.class).toInstant());
        List<String> expected = new ArrayList<>(payloads.stream()
            .map((payload) -> payload.patientId() + " " + payload.timestampAsUtc().minus(Duration.ofHours(1)))
            .toList());
        // Summer time: two hours ahead. In the gap 02:30 does not exist and is read as 03:30 summer time; in the
        // overlap 02:30 happens twice and the earlier offset (summer time) wins.
        expected.addAll(List.of("p-summer 2026-07-15T07:00:00.500Z", "p-gap 2026-03-29T01:30:00Z",
                "p-overlap 2026-10-25T00:30:00Z", "p-offset 2026-07-15T04:00:00Z"));

        assertThat(storedTimes).hasSize(1004).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(stored("corrupted")).isZero();
    }

    // In the original producer's own byte layout.
    private static byte[] original(String patientId, String timestamp) {
        String payload = "{\"patient_id\": \"" + patientId + "\", \"timestamp\": \"" + timestamp
                + "\", \"heartbeat_value\": 72}";
        return payload.getBytes(StandardCharsets.UTF_8);
    }
}
