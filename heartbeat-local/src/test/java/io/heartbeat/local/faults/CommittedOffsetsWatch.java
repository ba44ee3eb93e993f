package io.heartbeat.local.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;

/**
 * Reads a group's committed offsets every few milliseconds and keeps every step back: a member that commits
 * offsets of a partition it no longer owns sets them back to where it had got, below what the new owner committed.
 */
final class CommittedOffsetsWatch implements AutoCloseable {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    private final Map<TopicPartition, Long> highest = new HashMap<>();

    private final List<String> stepsBack = new ArrayList<>();

    private int samples;

    private CommittedOffsetsWatch(FaultKafka kafka, String group, String topic) {
        this.scheduler.scheduleWithFixedDelay(() -> sample(kafka.committedOffsets(group, topic)), 0,
                INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    static CommittedOffsetsWatch start(FaultKafka kafka, String group, String topic) {
        return new CommittedOffsetsWatch(kafka, group, topic);
    }

    private synchronized void sample(Map<TopicPartition, Long> committed) {
        this.samples++;
        committed.forEach((partition, offset) -> {
            Long before = this.highest.get(partition);
            if (before != null && offset < before) {
                this.stepsBack.add(partition + ": " + before + " -> " + offset);
            }
            this.highest.merge(partition, offset, Math::max);
        });
    }

    /** Every time a partition's committed offset went below one read before it. */
    synchronized List<String> stepsBack() {
        return List.copyOf(this.stepsBack);
    }

    synchronized int samples() {
        return this.samples;
    }

    @Override
    public void close() {
        this.scheduler.shutdownNow();
    }
}
