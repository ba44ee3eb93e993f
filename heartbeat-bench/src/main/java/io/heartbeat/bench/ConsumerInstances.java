package io.heartbeat.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

import io.heartbeat.local.pipeline.PipelineEndpoints;

/**
 * The consumers under test: {@code --consumers} child JVMs ({@link ConsumerChild}) in one group, each under its own
 * CONSUMER_INSTANCE_ID, driven together. A drain is over when all of them together have stored the backlog, and
 * lasts from the first record any of them received to the last commit of any of them.
 */
final class ConsumerInstances implements AutoCloseable {

    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

    private final List<ConsumerChild> children;

    private ConsumerInstances(List<ConsumerChild> children) {
        this.children = children;
    }

    /** Starts {@code count} consumer JVMs, named {@code consumer-1} ... in the group, one after the other. */
    static ConsumerInstances start(int count, PipelineEndpoints endpoints, int partitions, String heap, Path runDir,
            Map<String, String> variables) {
        List<ConsumerChild> children = new ArrayList<>();
        ConsumerInstances instances = new ConsumerInstances(children);
        try {
            for (int i = 1; i <= count; i++) {
                children.add(ConsumerChild.start(endpoints, partitions, heap, runDir, variables, "consumer-" + i));
            }
            return instances;
        }
        catch (RuntimeException ex) {
            instances.close();
            throw ex;
        }
    }

    /** Waits until every consumer is ready; returns the first one's settings (they all read the same ones). */
    Map<String, Object> awaitReady(Duration timeout) {
        List<Map<String, Object>> settings = this.children.stream().map((child) -> child.await("ready", timeout))
            .toList();
        return settings.get(0);
    }

    /**
     * Lets every consumer listen until together they have stored {@code rows} more rows; returns how long that
     * took and what each stored. Fails when one exits first, or after {@code timeout}.
     */
    Drained drain(long rows, Duration timeout) {
        this.children.forEach((child) -> child.forget("stored"));
        this.children.forEach((child) -> child.send("drain"));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Optional<Map<String, Object>>> reports = this.children.stream()
                .map((child) -> child.latest("stored"))
                .toList();
            List<Long> stored = reports.stream().map((report) -> report.map((r) -> number(r, "rows")).orElse(0L))
                .toList();
            if (stored.stream().mapToLong(Long::longValue).sum() >= rows) {
                List<Map<String, Object>> present = reports.stream().flatMap(Optional::stream).toList();
                long first = present.stream().mapToLong((r) -> number(r, "first_record_ms")).min().orElseThrow();
                long last = present.stream().mapToLong((r) -> number(r, "committed_ms")).max().orElseThrow();
                return new Drained((last - first) / 1000.0, stored);
            }
            for (ConsumerChild child : this.children) {
                child.exited().ifPresent((reason) -> {
                    throw new IllegalStateException(reason + " during a drain of " + rows + " rows");
                });
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The consumers stored " + stored + " of " + rows + " rows within "
                        + timeout);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Pauses every consumer's listener (and renews its database sessions), waiting for each to say so. */
    void pause(Duration timeout) {
        this.children.forEach((child) -> child.send("pause"));
        this.children.forEach((child) -> child.await("paused", timeout));
    }

    /** The first consumer, the one the latency phase runs with. */
    ConsumerChild first() {
        return this.children.get(0);
    }

    List<ConsumerChild> all() {
        return this.children;
    }

    /** Stops every consumer; returns their memory reports, in order. */
    List<Map<String, Object>> stop() {
        return this.children.stream().map(ConsumerChild::stop).toList();
    }

    /** Kills whichever consumer still runs. */
    @Override
    public void close() {
        this.children.forEach(ConsumerChild::close);
    }

    private static long number(Map<String, Object> report, String key) {
        return ((Number) report.get(key)).longValue();
    }

    /**
     * One drain of all consumers.
     *
     * @param seconds from the first record any consumer received to the last commit of any
     * @param rowsByConsumer the rows each consumer stored, in order
     */
    record Drained(double seconds, List<Long> rowsByConsumer) {
    }
}
