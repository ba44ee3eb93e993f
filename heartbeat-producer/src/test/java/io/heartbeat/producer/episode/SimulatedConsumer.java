package io.heartbeat.producer.episode;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.heartbeat.producer.generator.GeneratedReading;
import io.heartbeat.validation.ClassifiedReading;
import io.heartbeat.validation.HeartRateLimits;
import io.heartbeat.validation.HeartbeatClassifier;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stores generated readings the way the consumer does, without Kafka in between: each one classified by
 * {@link HeartbeatClassifier} into one {@code heartbeats} row, stored {@link #DELAY} after it was taken, and one
 * {@code heartbeat_alerts} row for each non-valid one. A record without a usable event id gets one derived from its
 * offset, as the consumer derives it from the Kafka coordinates.
 */
final class SimulatedConsumer {

    /** From the reading's time to its row's {@code created_at}: the pipeline's delay. */
    static final Duration DELAY = Duration.ofSeconds(1);

    private static final int BATCH = 5_000;

    private static final String INSERT_HEARTBEAT = "INSERT INTO heartbeats (event_id, timestamp, patient_id,"
            + " heartbeat_value, validation_status, anomaly_type, raw_payload, kafka_partition, kafka_offset,"
            + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)";

    private static final String INSERT_ALERTS = "INSERT INTO heartbeat_alerts (heartbeat_id, timestamp, patient_id,"
            + " heartbeat_value, alert_category, created_at) SELECT id, timestamp, patient_id, heartbeat_value,"
            + " CASE validation_status WHEN 'invalid_physiological' THEN 'physiological_anomaly'"
            + " WHEN 'invalid_system' THEN 'system_anomaly' ELSE 'data_corruption' END, created_at"
            + " FROM heartbeats WHERE validation_status <> 'valid' ORDER BY id";

    private SimulatedConsumer() {
    }

    /** Stores {@code readings}, in order, as offsets 0, 1, ... of partition 0. */
    static void store(List<GeneratedReading> readings, HeartRateLimits limits, DataSource owner) {
        HeartbeatClassifier classifier = new HeartbeatClassifier(limits);
        JdbcTemplate jdbc = new JdbcTemplate(owner);
        List<Object[]> batch = new ArrayList<>(BATCH);
        for (int offset = 0; offset < readings.size(); offset++) {
            GeneratedReading reading = readings.get(offset);
            ClassifiedReading row = classifier.classify(reading.payload(), reading.timestamp());
            UUID eventId = (row.eventId() != null) ? row.eventId()
                    : UUID.nameUUIDFromBytes(("heartbeats-0-" + offset).getBytes(StandardCharsets.UTF_8));
            batch.add(new Object[] { eventId, Timestamp.from(row.timestamp()), row.patientId(), row.heartbeatValue(),
                row.status().dbValue(), (row.anomalyType() != null) ? row.anomalyType().dbValue() : null,
                row.rawPayload(), (long) offset, Timestamp.from(reading.timestamp().plus(DELAY)) });
            if (batch.size() == BATCH || offset == readings.size() - 1) {
                jdbc.batchUpdate(INSERT_HEARTBEAT, batch);
                batch.clear();
            }
        }
        jdbc.update(INSERT_ALERTS);
        jdbc.execute("ANALYZE heartbeats");
    }
}
