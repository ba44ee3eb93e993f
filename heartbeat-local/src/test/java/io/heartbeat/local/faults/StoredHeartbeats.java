package io.heartbeat.local.faults;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.heartbeat.producer.generator.GeneratorSettings;
import io.heartbeat.producer.generator.HeartbeatGenerator;
import io.heartbeat.validation.ValidationStatus;
import org.apache.kafka.common.TopicPartition;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the consumer stored, read back with SQL, and the exact assertions every fault test ends with: each
 * record of the topic in {@code heartbeats} once, and each non-valid one with exactly one alert.
 */
final class StoredHeartbeats {

    private final JdbcTemplate jdbc;

    StoredHeartbeats(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    JdbcTemplate jdbc() {
        return this.jdbc;
    }

    long count() {
        return this.jdbc.queryForObject("SELECT count(*) FROM heartbeats", Long.class);
    }

    /**
     * How many partitions have rows written by transactions that began after {@code instant}: PostgreSQL stamps
     * {@code created_at} with its transaction's start, so a transaction of a consumer killed before never counts.
     */
    long partitionsWrittenAfter(Instant instant) {
        return this.jdbc.queryForObject("SELECT count(DISTINCT kafka_partition) FROM heartbeats WHERE created_at > ?",
                Long.class, Timestamp.from(instant));
    }

    Map<ValidationStatus, Long> countsByStatus() {
        Map<ValidationStatus, Long> counts = new EnumMap<>(ValidationStatus.class);
        for (ValidationStatus status : ValidationStatus.values()) {
            counts.put(status, this.jdbc.queryForObject(
                    "SELECT count(*) FROM heartbeats WHERE validation_status = ?", Long.class, status.dbValue()));
        }
        return counts;
    }

    /**
     * Every offset of every partition below {@code endOffsets} is in {@code heartbeats} exactly once, and nothing
     * else is: no record lost, none doubled.
     */
    void assertEachRecordStoredOnce(Map<TopicPartition, Long> endOffsets) {
        Map<Integer, List<Long>> expected = new HashMap<>();
        endOffsets.forEach((partition, end) -> {
            if (end > 0) {
                // rows, distinct offsets, lowest offset, highest offset
                expected.put(partition.partition(), List.of(end, end, 0L, end - 1));
            }
        });
        Map<Integer, List<Long>> actual = new HashMap<>();
        this.jdbc.query("SELECT kafka_partition, count(*), count(DISTINCT kafka_offset), min(kafka_offset), "
                + "max(kafka_offset) FROM heartbeats GROUP BY kafka_partition", (row) -> {
                    actual.put(row.getInt(1), List.of(row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5)));
                });
        assertThat(actual).as("per partition: rows, distinct offsets, first and last offset").isEqualTo(expected);
    }

    /** Each non-valid row has exactly one alert, of its status's category, and valid rows have none. */
    void assertOneAlertPerViolation() {
        long violations = this.jdbc.queryForObject(
                "SELECT count(*) FROM heartbeats WHERE validation_status <> 'valid'", Long.class);
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM heartbeat_alerts", Long.class))
            .as("alerts").isEqualTo(violations);
        assertThat(this.jdbc.queryForObject("SELECT count(*) FROM heartbeats h WHERE h.validation_status <> 'valid' "
                + "AND (SELECT count(*) FROM heartbeat_alerts a WHERE a.heartbeat_id = h.id) = 1", Long.class))
            .as("non-valid rows with exactly one alert").isEqualTo(violations);
        for (ValidationStatus status : ValidationStatus.values()) {
            String category = (status.alertCategory() != null) ? status.alertCategory().dbValue() : null;
            assertThat(this.jdbc.queryForObject("SELECT count(*) FROM heartbeat_alerts a JOIN heartbeats h "
                    + "ON h.id = a.heartbeat_id WHERE h.validation_status = ? AND a.alert_category IS DISTINCT FROM ?",
                    Long.class, status.dbValue(), category))
                .as("alerts of %s rows without category %s", status.dbValue(), category).isZero();
        }
    }

    /** How many readings of each status the producer sends first with this seed and its default settings. */
    static Map<ValidationStatus, Long> producerMix(long seed, int events) {
        HeartbeatGenerator generator = new HeartbeatGenerator(seed, GeneratorSettings.DEFAULT);
        Map<ValidationStatus, Long> counts = new EnumMap<>(ValidationStatus.class);
        for (ValidationStatus status : ValidationStatus.values()) {
            counts.put(status, 0L);
        }
        for (int i = 0; i < events; i++) {
            counts.merge(generator.next(Instant.EPOCH).kind(), 1L, Long::sum);
        }
        assertThat(counts.values()).as("the seed gives every status").doesNotContain(0L);
        return counts;
    }
}
