package io.heartbeat.local.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import org.springframework.kafka.listener.BatchInterceptor;

/**
 * Watches the consumer's batches from its listener container: when the first record arrived, when the rows it had
 * to drain were committed, and, in the latency phase, how long each record took from its reading's time to the
 * commit of its row. {@link #success} runs after the listener returned, i.e. after the batch's transaction
 * committed; the committed row count is the consumer's own {@code heartbeat.events.stored}.
 */
final class ConsumerProbe implements BatchInterceptor<Object, Object> {

    private final List<Counter> stored;

    private final long drainRows;

    private final BiConsumer<String, Map<String, Object>> report;

    private final AtomicLong firstRecordNanos = new AtomicLong();

    private final AtomicBoolean drained = new AtomicBoolean();

    private final AtomicBoolean measured = new AtomicBoolean();

    private final Latencies latencies = new Latencies();

    // Records the latency phase samples; 0 until it starts.
    private volatile long latencyEvents;

    /**
     * @param registry the consumer's meters
     * @param drainRows rows to store before the drain is over
     * @param report receives {@code drained} and {@code latency} with their numbers
     */
    ConsumerProbe(MeterRegistry registry, long drainRows, BiConsumer<String, Map<String, Object>> report) {
        this.stored = List.copyOf(registry.find("heartbeat.events.stored").counters());
        this.drainRows = drainRows;
        this.report = report;
    }

    /** From now on, every record committed is a latency sample, until there are {@code events} of them. */
    void measureLatency(long events) {
        this.latencyEvents = events;
    }

    @Override
    public ConsumerRecords<Object, Object> intercept(ConsumerRecords<Object, Object> records,
            Consumer<Object, Object> consumer) {
        if (this.firstRecordNanos.get() == 0) {
            this.firstRecordNanos.compareAndSet(0, System.nanoTime());
        }
        return records;
    }

    @Override
    public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
        long committedAt = System.currentTimeMillis();
        long committedNanos = System.nanoTime();
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
        long rows = storedRows();
        if (rows >= this.drainRows && this.drained.compareAndSet(false, true)) {
            Map<String, Object> drain = new LinkedHashMap<>();
            drain.put("rows", rows);
            drain.put("seconds", (committedNanos - this.firstRecordNanos.get()) / 1e9);
            this.report.accept("drained", drain);
        }
    }

    private long storedRows() {
        return (long) this.stored.stream().mapToDouble(Counter::count).sum();
    }
}
