package io.heartbeat.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readings from a wrong clock through the whole consumer, with the default bounds (5 minutes ahead of the Kafka
 * record timestamp, 365 days behind it): each is an {@code invalid_system} reading with one alert of its own, and
 * none of them resolves an alert, however many come.
 */
@TestPropertySource(properties = {
        "heartbeat.kafka.topic=" + WrongClockIntegrationTests.TOPIC,
        "heartbeat.kafka.partitions=1",
        "heartbeat.consumer.group-id=" + WrongClockIntegrationTests.GROUP })
class WrongClockIntegrationTests extends AbstractConsumerIntegrationTests {

    static final String TOPIC = "wrong-clock-it";

    static final String GROUP = "wrong-clock-it-group";

    // The record timestamp every reading is sent with: the reference of the bounds.
    private static final Instant SENT = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void fiveReadingsFromTheYear9999AreSystemAnomaliesAndLeaveTheEarlierAlertOpen() {
        kafka.send(TOPIC, "p-1", reading(1, "p-1", "2026-03-01T09:59:50Z", "150"), SENT);
        awaitAllCommitted();
        kafka.sendAll(TOPIC, "p-1", IntStream.rangeClosed(1, 5)
            .mapToObj((n) -> reading(1 + n, "p-1", "9999-01-01T00:00:0" + n + "Z", "72"))
            .toList(), SENT);
        kafka.send(TOPIC, "p-2", reading(7, "p-2", "2025-03-01T09:59:59Z", "72"), SENT);
        awaitAllCommitted();

        assertThat(rows()).containsExactly(
                "p-1 2026-03-01T09:59:50Z invalid_physiological high_bpm",
                "p-1 9999-01-01T00:00:01Z invalid_system future_timestamp",
                "p-1 9999-01-01T00:00:02Z invalid_system future_timestamp",
                "p-1 9999-01-01T00:00:03Z invalid_system future_timestamp",
                "p-1 9999-01-01T00:00:04Z invalid_system future_timestamp",
                "p-1 9999-01-01T00:00:05Z invalid_system future_timestamp",
                "p-2 2025-03-01T09:59:59Z invalid_system stale_timestamp");
        assertThat(alerts()).containsExactly(
                "p-1 2026-03-01T09:59:50Z physiological_anomaly open null",
                "p-1 9999-01-01T00:00:01Z system_anomaly open null",
                "p-1 9999-01-01T00:00:02Z system_anomaly open null",
                "p-1 9999-01-01T00:00:03Z system_anomaly open null",
                "p-1 9999-01-01T00:00:04Z system_anomaly open null",
                "p-1 9999-01-01T00:00:05Z system_anomaly open null",
                "p-2 2025-03-01T09:59:59Z system_anomaly open null");
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM heartbeats h WHERE raw_payload IS NULL"
                + " OR NOT EXISTS (SELECT FROM heartbeat_alerts a WHERE a.heartbeat_id = h.id)", Long.class))
            .isZero();

        // Five readings from the right clock still resolve the alert, and only it: none comes after the year 9999.
        kafka.sendAll(TOPIC, "p-1", IntStream.rangeClosed(1, 5)
            .mapToObj((n) -> reading(7 + n, "p-1", "2026-03-01T09:59:5" + n + "Z", "72"))
            .toList(), SENT);
        awaitAllCommitted();

        assertThat(alerts()).containsExactly(
                "p-1 2026-03-01T09:59:50Z physiological_anomaly resolved 2026-03-01T09:59:55Z",
                "p-1 9999-01-01T00:00:01Z system_anomaly open null",
                "p-1 9999-01-01T00:00:02Z system_anomaly open null",
                "p-1 9999-01-01T00:00:03Z system_anomaly open null",
                "p-1 9999-01-01T00:00:04Z system_anomaly open null",
                "p-1 9999-01-01T00:00:05Z system_anomaly open null",
                "p-2 2025-03-01T09:59:59Z system_anomaly open null");
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM heartbeats WHERE validation_status = 'valid'",
                Long.class)).isEqualTo(5);
    }

    private static byte[] reading(int event, String patientId, String timestamp, String value) {
        return ("{\"event_id\":\"018f0000-0000-7000-8000-%012d\",\"patient_id\":\"%s\",\"timestamp\":\"%s\","
                + "\"heartbeat_value\":%s}")
            .formatted(event, patientId, timestamp, value)
            .getBytes(StandardCharsets.UTF_8);
    }

    private List<String> rows() {
        return this.jdbc.query("SELECT patient_id, timestamp, validation_status, anomaly_type FROM heartbeats"
                + " WHERE validation_status <> 'valid' ORDER BY patient_id, timestamp",
                (row, n) -> row.getString(1) + " " + instant(row.getObject(2, OffsetDateTime.class)) + " "
                        + row.getString(3) + " " + row.getString(4));
    }

    private List<String> alerts() {
        return this.jdbc.query("SELECT patient_id, timestamp, alert_category, resolved_flag, resolved_at"
                + " FROM heartbeat_alerts ORDER BY patient_id, timestamp",
                (row, n) -> row.getString(1) + " " + instant(row.getObject(2, OffsetDateTime.class)) + " "
                        + row.getString(3) + " " + (row.getBoolean(4) ? "resolved" : "open") + " "
                        + instant(row.getObject(5, OffsetDateTime.class)));
    }

    private static Instant instant(OffsetDateTime time) {
        return (time != null) ? time.toInstant() : null;
    }
}
