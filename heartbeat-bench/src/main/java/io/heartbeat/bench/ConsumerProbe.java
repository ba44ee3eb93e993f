package io.heartbeat.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import org.springframework.kafka.listener.BatchInterceptor;

/**
 * Watches the consumer's batches from its listener container: for a drain (the warm-up's or the measured one),
 * when its first record arrived and, after every batch committed, how many rows it has stored since and when; in
 * the latency phase, how long each record took from its reading's time to the commit of its row. {@link #success}
 * runs after the listener returned, i.e. after the batch's transaction committed; the committed row count is the
 * consumer's own {@code heartbeat.events.stored}, which only grows, so a drain counts from where the one before it
 * ended. The benchmark, which may run several consumers in one group, decides when a drain is over.
 */
final class ConsumerProbe implements BatchInterceptor<Object, Object> {

    private final List<Counter> stored;

    private final BiConsumer<String, Map<String, Object>> report;

    // The drain under way; null before the first.
    private final AtomicReference<Drain> drain = new AtomicReference<>();

    private final AtomicBoolean measured = new AtomicBoolean();

    private final Latencies latencies = new Latencies();

    // Records the latency phase samples; 0 until it starts.
    private volatile long latencyEvents;

    /**
     * @param registry the consumer's meters
     * @param report receives {@code stored} after each batch of a drain and {@code latency}, with their numbers
     */
    ConsumerProbe(MeterRegistry registry, BiConsumer<String, Map<String, Object>> report) {
        this.stored = List.copyOf(registry.find("heartbeat.events.stored").counters());
        this.report = report;
    }

    /**
     * Starts a drain: from the next record handed to the listener, every committed batch reports {@code stored}
     * with the rows stored since, when the first record arrived and when that batch committed (epoch milliseconds,
     * so that several consumer processes' reports compare). Called while the listener is stopped or paused.
     */
    void expectDrain() {
        this.drain.set(new Drain(storedRows(), new AtomicLong()));
    }

    /** From now on, every record committed is a latency sample, until there are {@code events} of them. */
    void measureLatency(long events) {
        this.latencyEvents = events;
    }

    @Override
    public ConsumerRecords<Object, Object> intercept(ConsumerRecords<Object, Object> records,
            Consumer<Object, Object> consumer) {
        Drain drain = this.drain.get();
        if (drain != null && drain.firstRecordMillis().get() == 0) {
            drain.firstRecordMillis().compareAndSet(0, System.currentTimeMillis());
        }
        return records;
    }

    @Override
    public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        long committedAt = System.currentTimeMillis();
        long latencyEvents = this.latencyEvents;
        if (latencyEvents > 0) {
            long samples = 0;
            for (ConsumerRecord<Object, Object> record : records) {
                samples = this.latencies.add(committedAt - record.timestamp());
            }
            // Counted in samples, not stored rows: a batch committed by another thread may not be recorded yet.
            if (samples >= latencyEvents && this.measured.compareAndSet(false, true)) {
                this.report.accept("latency", this.latencies.summary());
            }
            return;
        }
        Drain drain = this.drain.get();
        if (drain == null) {
            return;
        }
        // One report at a time, so that the listener threads' reports go out in the order of their counts: the
        // benchmark reads the last one as the latest.
        synchronized (drain) {
            Map<String, Object> numbers = new LinkedHashMap<>();
            numbers.put("rows", storedRows() - drain.storedBefore());
            numbers.put("first_record_ms", drain.firstRecordMillis().get());
            numbers.put("committed_ms", System.currentTimeMillis());
            this.report.accept("stored", numbers);
        }
    }

    private long storedRows() {
        return (long) this.stored.stream().mapToDouble(Counter::count).sum();
    }

    // One drain: the stored-rows count it starts from, and when its first record arrived.
    private record Drain(long storedBefore, AtomicLong firstRecordMillis) {
    }
}
