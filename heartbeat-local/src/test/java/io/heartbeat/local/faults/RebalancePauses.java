package io.heartbeat.local.faults;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How long the group left partitions unserved, read from the stored rows: the gaps between consecutive
 * transactions' {@code created_at} (their start, stamped by PostgreSQL) within each partition.
 */
final class RebalancePauses {

    /** Shorter gaps are the ordinary rhythm of polls and transactions, not pauses. */
    private static final Duration NOISE = Duration.ofMillis(100);

    private final JdbcTemplate jdbc;

    RebalancePauses(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The longest gap of any partition that overlaps {@code from}..{@code to}: a partition that was revoked from
     * one member and assigned to another shows a gap from its last transaction before to its first after.
     */
    Duration longestWithin(Instant from, Instant to) {
        List<Gap> gaps = this.jdbc.query("SELECT kafka_partition, previous, created_at FROM (SELECT kafka_partition, "
                + "created_at, lag(created_at) OVER (PARTITION BY kafka_partition ORDER BY kafka_offset) AS previous "
                + "FROM heartbeats) AS rows WHERE created_at - previous > ? * interval '1 millisecond' "
                + "AND previous < ? AND created_at > ?",
                (row, index) -> new Gap(row.getInt(1), row.getTimestamp(2).toInstant(),
                        row.getTimestamp(3).toInstant()),
                NOISE.toMillis(), Timestamp.from(to), Timestamp.from(from));
        return gaps.stream().map(Gap::length).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** No rows of {@code partition} were written from {@code from} to {@code to}. */
    private record Gap(int partition, Instant from, Instant to) {

        Duration length() {
            return Duration.between(this.from, this.to);
        }
    }
}
