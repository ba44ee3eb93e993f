package io.heartbeat.consumer.ingest;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.heartbeat.consumer.persistence.WriteResult;
import io.heartbeat.validation.ValidationStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.stereotype.Component;

/**
 * The consumer's own meters; the "Pipeline health" dashboard reads them by these exact names.
 */
@Component
class ConsumerMetrics {

    private final Map<ValidationStatus, Counter> stored = new EnumMap<>(ValidationStatus.class);

    private final Counter duplicates;

    private final Counter conflicting;

    private final Counter deadLettered;

    private final Timer batchWrite;

    private final Timer latency;

    ConsumerMetrics(MeterRegistry registry) {
        for (ValidationStatus status : ValidationStatus.values()) {
            this.stored.put(status, Counter.builder("heartbeat.events.stored")
                    .description("Rows inserted into heartbeats, counted after commit")
                    .tag("status", status.dbValue())
                    .register(registry));
        }
        this.duplicates = Counter.builder("heartbeat.events.duplicates")
                .description("Records skipped because their delivery key was already stored with the same content")
                .register(registry);
        this.conflicting = Counter.builder("heartbeat.events.conflicting")
                .description("Records whose event_id was stored with other content, stored as corrupted "
                        + "(conflicting_event_id) under their Kafka coordinates; also counted as stored")
                .register(registry);
        this.deadLettered = Counter.builder("heartbeat.events.dead.lettered")
                .description("Records published to the dead-letter topic: refused by PostgreSQL, or failing alone")
                .register(registry);
        this.batchWrite = Timer.builder("heartbeat.batch.write")
                .description("Time to write one batch to PostgreSQL, commit included")
                .publishPercentileHistogram()
                .register(registry);
        this.latency = Timer.builder("heartbeat.events.latency")
                .description("From a record's Kafka timestamp (the producer's send) to the commit of its row")
                .publishPercentileHistogram()
                .register(registry);
    }

    WriteResult timeBatchWrite(Supplier<WriteResult> write) {
        return this.batchWrite.record(write);
    }

    /** Counts what a committed write changed. */
    void written(WriteResult result) {
        result.inserted().forEach((status, count) -> this.stored.get(status).increment(count));
        this.duplicates.increment(result.duplicates());
        this.conflicting.increment(result.conflicting());
    }

    /** Times each of {@code records}, whose rows were just committed, from its Kafka timestamp to now. */
    void committed(List<? extends ConsumerRecord<?, ?>> records) {
        long now = System.currentTimeMillis();
        for (ConsumerRecord<?, ?> record : records) {
            // A record without a timestamp (-1, an old client's) has no latency to tell.
            if (record.timestamp() >= 0) {
                this.latency.record(Math.max(0, now - record.timestamp()), TimeUnit.MILLISECONDS);
            }
        }
    }

    void deadLettered() {
        this.deadLettered.increment();
    }
}
