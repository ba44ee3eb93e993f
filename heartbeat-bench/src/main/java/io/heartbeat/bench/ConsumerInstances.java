package io.heartbeat.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;

import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.ports.LocalPorts;

/**
 * The consumers under test: {@code --consumers} services ({@link ConsumerService}) in one group, each under its own
 * CONSUMER_INSTANCE_ID, watched together. A drain is over when their group has committed the backlog.
 */
final class ConsumerInstances implements AutoCloseable {

    // Near the end the poll times it, to within 50 ms; each poll costs the broker CPU (docs/benchmarks.md, "What one
    // run does", 5).
    private static final long SLOW_POLL_NANOS = Duration.ofMillis(500).toNanos();

    private static final long FAST_POLL_NANOS = Duration.ofMillis(50).toNanos();

    private final List<ConsumerService> services;

    private ConsumerInstances(List<ConsumerService> services) {
        this.services = services;
    }

    /** Starts {@code count} consumers from {@code jar}, named {@code consumer-1} ... in the group. */
    static ConsumerInstances start(int count, Path jar, PipelineEndpoints endpoints, int partitions, String heap,
            Path runDir, Map<String, String> variables) {
        List<ConsumerService> services = new ArrayList<>();
        ConsumerInstances instances = new ConsumerInstances(services);
        try {
            for (int i = 1; i <= count; i++) {
                services.add(ConsumerService.start(jar, endpoints, partitions, heap, runDir, variables,
                        "consumer-" + i, LocalPorts.anyFree()));
            }
            return instances;
        }
        catch (RuntimeException ex) {
            instances.close();
            throw ex;
        }
    }

    /** Waits until every consumer is ready. */
    void awaitReady(Duration timeout) {
        this.services.forEach((service) -> service.awaitReady(timeout));
    }

    /**
     * Releases a backlog of {@code rows} and times it until the group has committed it: its offsets tell the end, not
     * the consumers, which are left to their work (benchmarks.md, "What one run does", 5).
     */
    Drained drain(Runnable release, LongSupplier uncommitted, long rows, Duration timeout) {
        List<Long> before = storedRows();
        long released = System.nanoTime();
        release.run();
        awaitCommitted(uncommitted, rows, released + timeout.toNanos(), "a drain of " + rows + " records");
        double seconds = (System.nanoTime() - released) / 1e9;
        List<Long> after = storedRows();
        return new Drained(seconds, IntStream.range(0, after.size()).mapToObj((i) -> after.get(i) - before.get(i))
            .toList());
    }

    List<ConsumerService> all() {
        return this.services;
    }

    /** Stops every consumer; returns their memory reports, in order. */
    List<Map<String, Object>> stop() {
        return this.services.stream().map(ConsumerService::stop).toList();
    }

    /** Kills whichever consumer still runs. */
    @Override
    public void close() {
        this.services.forEach(ConsumerService::close);
    }

    /** Waits until nothing is {@code uncommitted}, or fails at {@code deadline} (nanoTime); the last poll times it. */
    void awaitCommitted(LongSupplier uncommitted, long records, long deadline, String phase) {
        for (long left = uncommitted.getAsLong(); left > 0; left = uncommitted.getAsLong()) {
            for (ConsumerService service : this.services) {
                service.exited().ifPresent((reason) -> {
                    throw new IllegalStateException(reason + " during " + phase);
                });
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The consumers had " + left + " records of " + phase
                        + " still to commit at its time limit");
            }
            LockSupport.parkNanos((left > records / 10) ? SLOW_POLL_NANOS : FAST_POLL_NANOS);
        }
    }

    private List<Long> storedRows() {
        return this.services.stream().map(ConsumerService::storedRows).toList();
    }

    /** One drain: seconds from the release to the poll that saw it all committed, and the rows each consumer stored. */
    record Drained(double seconds, List<Long> rowsByConsumer) {
    }
}
