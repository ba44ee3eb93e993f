package io.heartbeat.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import io.heartbeat.local.pipeline.PipelineEndpoints;
import io.heartbeat.local.pipeline.ServiceApplications;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the real producer (its application context, as the local mode does) until Kafka has acknowledged a given
 * number of its events, then closes it.
 */
final class ProducerPhase {

    // The producer runs in the benchmark's JVM: only its warnings reach the console, which shows the benchmark's
    // progress.
    private static final Map<String, String> SERVICE_PROPERTIES = Map.of(
            "logging.level.root", "WARN", "logging.level.io.heartbeat", "WARN",
            "logging.level.org.apache.kafka", "ERROR", "logging.level.kafka", "ERROR");

    private final PipelineEndpoints endpoints;

    private final TopicOffsets offsets;

    ProducerPhase(PipelineEndpoints endpoints, TopicOffsets offsets) {
        this.endpoints = endpoints;
        this.offsets = offsets;
    }

    /**
     * Produces {@code events} readings of {@code patients} patients at {@code rate} events per second (the
     * producer's own pacing) and returns the wall-clock time (epoch milliseconds) the broker held the last one.
     */
    long produce(long events, double rate, int patients, long seed, Duration timeout) {
        long target = this.offsets.records() + events;
        AtomicReference<ConfigurableApplicationContext> producer = new AtomicReference<>();
        ExecutorService watcher = Executors.newSingleThreadExecutor((task) -> {
            Thread thread = new Thread(task, "bench-topic-offsets");
            thread.setDaemon(true);
            return thread;
        });
        try {
            // Watched from before the start: a small run may be acknowledged before the context has even started.
            Future<Long> acknowledged = watcher.submit(
                    () -> this.offsets.awaitRecords(target, timeout, () -> sendFailures(producer.get())));
            try (ConfigurableApplicationContext context = ServiceApplications.startProducer(this.endpoints, 0,
                    properties(events, rate, patients, seed))) {
                producer.set(context);
                return acknowledged.get();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while producing", ex);
        }
        catch (ExecutionException ex) {
            throw (ex.getCause() instanceof RuntimeException cause) ? cause : new IllegalStateException(ex);
        }
        finally {
            watcher.shutdownNow();
        }
    }

    private Map<String, String> properties(long events, double rate, int patients, long seed) {
        Map<String, String> properties = new LinkedHashMap<>(SERVICE_PROPERTIES);
        properties.put("heartbeat.producer.customer-count", String.valueOf(patients));
        properties.put("heartbeat.producer.events-per-second", String.valueOf(rate));
        properties.put("heartbeat.producer.max-events", String.valueOf(events));
        properties.put("heartbeat.producer.seed", String.valueOf(seed));
        return properties;
    }

    private static String sendFailures(ConfigurableApplicationContext producer) {
        if (producer == null || !producer.isActive()) {
            return null;
        }
        Counter failed = producer.getBean(MeterRegistry.class).find("heartbeat.events.send.failed").counter();
        return (failed != null && failed.count() > 0)
                ? "The producer could not send " + (long) failed.count() + " events (see its WARN lines)" : null;
    }
}
