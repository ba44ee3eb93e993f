package io.heartbeat.consumer.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;

/**
 * Tells a stalled listener from a busy or an idle one, from the committed offsets and waiting records health checks
 * observe (docs/consumer.md, "Metrics and health").
 */
final class CommitStall {

    private final Duration timeout;

    private Map<TopicPartition, Long> committed = Map.of();

    private Instant lastCommitSeen;

    private Instant waitingSince;

    CommitStall(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Records one observation.
     * @return how long records have waited without a commit, or {@link Duration#ZERO} when none wait
     */
    synchronized Duration observe(Map<TopicPartition, Long> committedNow, long waiting, Instant now) {
        if (this.lastCommitSeen == null || !committedNow.equals(this.committed)) {
            this.committed = Map.copyOf(committedNow);
            this.lastCommitSeen = now;
        }
        if (waiting <= 0) {
            this.waitingSince = null;
            return Duration.ZERO;
        }
        if (this.waitingSince == null) {
            this.waitingSince = now;
        }
        Instant since = this.lastCommitSeen.isAfter(this.waitingSince) ? this.lastCommitSeen : this.waitingSince;
        return Duration.between(since, now);
    }

    boolean isStalled(Duration waitedWithoutCommit) {
        return waitedWithoutCommit.compareTo(this.timeout) >= 0;
    }

    Duration timeout() {
        return this.timeout;
    }
}
