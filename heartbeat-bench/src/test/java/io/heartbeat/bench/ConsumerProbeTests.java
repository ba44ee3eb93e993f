package io.heartbeat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerProbeTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final Counter stored = this.registry.counter("heartbeat.events.stored");

    private final List<String> answers = new ArrayList<>();

    private final List<Map<String, Object>> numbers = new ArrayList<>();

    private final ConsumerProbe probe = new ConsumerProbe(this.registry, (answer, values) -> {
        this.answers.add(answer);
        this.numbers.add(values);
    });

    @Test
    void aDrainReportsTheRowsStoredSinceItBeganAfterEveryBatch() {
        this.probe.expectDrain();
        batch(60);
        batch(40);

        assertThat(this.answers).containsExactly("stored", "stored");
        assertThat(this.numbers.get(0)).containsEntry("rows", 60L);
        assertThat(this.numbers.get(1)).containsEntry("rows", 100L);

        this.probe.expectDrain();
        batch(50);

        assertThat(this.numbers.get(2)).containsEntry("rows", 50L);
    }

    @Test
    void aDrainReportsWhenItsFirstRecordArrivedAndWhenEachBatchCommitted() {
        long before = System.currentTimeMillis();
        this.probe.expectDrain();
        batch(10);
        batch(10);
        long after = System.currentTimeMillis();

        long first = (long) this.numbers.get(0).get("first_record_ms");
        assertThat(first).isBetween(before, after);
        assertThat(this.numbers.get(1)).containsEntry("first_record_ms", first);
        assertThat((long) this.numbers.get(0).get("committed_ms")).isBetween(first, after);
        assertThat((long) this.numbers.get(1).get("committed_ms"))
            .isBetween((long) this.numbers.get(0).get("committed_ms"), after);
    }

    @Test
    void batchesBeforeAnyDrainAreIgnored() {
        batch(10);

        assertThat(this.answers).isEmpty();
    }

    // What the listener container does around a batch whose commit stored this many rows.
    private void batch(int rows) {
        ConsumerRecords<Object, Object> records = ConsumerRecords.empty();
        this.probe.intercept(records, null);
        this.stored.increment(rows);
        this.probe.success(records, null);
    }
}
